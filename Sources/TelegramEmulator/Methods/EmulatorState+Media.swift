import Foundation

extension EmulatorState {
    static let maxPhotoUploadBytes = 10 * 1024 * 1024
    static let maxUploadBytes = 50 * 1024 * 1024
    static let maxDownloadBytes = 20 * 1024 * 1024
    static let maxPhotoDimensionSum = 10_000

    /// Where a media parameter's content comes from: a new upload or a file Telegram already has.
    enum MediaSource {
        case upload(UploadedFile)
        case existing(FileStore.StoredFile)
    }

    func mediaSource(_ value: ParameterValue?, name: String, kind: FileStore.Kind, in arguments: MethodArguments)
        throws(APIFailure) -> MediaSource
    {
        switch value {
        case nil:
            throw .badRequest("there is no \(name) in the request")
        case .file(let upload)?:
            return .upload(upload)
        case .text(let text)?:
            if text.hasPrefix("attach://") {
                guard case .file(let upload)? = arguments.value(String(text.dropFirst("attach://".count))) else {
                    throw .wrongFile
                }
                return .upload(upload)
            }
            if text.lowercased().hasPrefix("http://") || text.lowercased().hasPrefix("https://") {
                throw .badRequest("failed to get HTTP URL content")
            }
            guard let file = files.file(id: text), file.kind == kind || kind == .document else { throw .wrongFile }
            return .existing(file)
        }
    }

    // MARK: Photos

    /// Stores an uploaded photo and returns its sizes, smallest first, the largest being the original.
    func storePhoto(_ data: Data) throws(APIFailure) -> [BotAPI.PhotoSize] {
        guard data.count <= Self.maxPhotoUploadBytes else { throw .badRequest("PHOTO_SAVE_FILE_INVALID") }
        guard let header = ImageHeader(data), header.width > 0, header.height > 0 else {
            throw .badRequest("IMAGE_PROCESS_FAILED")
        }
        let ratio = Double(max(header.width, header.height)) / Double(min(header.width, header.height))
        guard header.width + header.height <= Self.maxPhotoDimensionSum, ratio <= 20 else {
            throw .badRequest("PHOTO_INVALID_DIMENSIONS")
        }
        return photoSizes(data, header: header)
    }

    /// Telegram's size ladder (s 90, m 320, x 800, y 1280, w 2560) below the original, then the
    /// original. The smaller sizes are not rescaled: downloading one gives the original bytes.
    func photoSizes(_ data: Data, header: ImageHeader) -> [BotAPI.PhotoSize] {
        let longest = max(header.width, header.height)
        var sizes: [BotAPI.PhotoSize] = []
        for (box, tag) in [(90, "s"), (320, "m"), (800, "x"), (1280, "y"), (2560, "w")] where box < longest {
            let width = max(1, header.width * box / longest)
            let height = max(1, header.height * box / longest)
            let file = files.store(data, kind: .photo, variant: tag, mimeType: header.mimeType, width: width, height: height)
            sizes.append(.init(fileId: file.fileID, fileUniqueId: file.uniqueID, width: width, height: height, fileSize: data.count))
        }
        let original = files.store(
            data, kind: .photo, mimeType: header.mimeType, width: header.width, height: header.height)
        sizes.append(.init(
            fileId: original.fileID, fileUniqueId: original.uniqueID, width: header.width, height: header.height,
            fileSize: data.count))
        return sizes
    }

    func photo(from source: MediaSource) throws(APIFailure) -> [BotAPI.PhotoSize] {
        switch source {
        case .upload(let upload): return try storePhoto(upload.data)
        case .existing(let file):
            guard let header = ImageHeader(file.data) else { throw .wrongFile }
            return photoSizes(file.data, header: header)
        }
    }

    func sendPhoto(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let chatID = try arguments.chatID()
        _ = try targetChat(chatID)
        let source = try mediaSource(arguments.value("photo"), name: "photo", kind: .photo, in: arguments)
        let caption = try captionOf(arguments)
        let markup = try ReplyMarkupParser.parse(arguments.text("reply_markup"))
        let sizes = try photo(from: source)
        try admitFlood(chatID: chatID)
        var message = newMessage(in: chatID, from: botUser)
        message.photo = sizes
        return .message(deliverMedia(&message, kind: .photo, caption: caption, markup: markup, arguments: arguments))
    }

    // MARK: Documents, audio, voice

    func storeUpload(_ upload: UploadedFile, kind: FileStore.Kind, duration: Int? = nil) throws(APIFailure)
        -> FileStore.StoredFile
    {
        guard upload.data.count <= Self.maxUploadBytes else { throw .tooLarge }
        guard !upload.data.isEmpty else { throw .badRequest("file must be non-empty") }
        let mimeType = MimeTypes.forFileName(upload.fileName)
            ?? upload.contentType.flatMap { $0 == "application/octet-stream" ? nil : $0 }
            ?? "application/octet-stream"
        return files.store(upload.data, kind: kind, fileName: upload.fileName, mimeType: mimeType, duration: duration)
    }

    func document(from source: MediaSource) throws(APIFailure) -> BotAPI.Document {
        let file: FileStore.StoredFile
        switch source {
        case .upload(let upload): file = try storeUpload(upload, kind: .document)
        case .existing(let existing): file = existing
        }
        return .init(
            fileId: file.fileID, fileUniqueId: file.uniqueID, fileName: file.fileName, mimeType: file.mimeType,
            fileSize: file.data.count)
    }

    func audio(from source: MediaSource, duration: Int?, performer: String?, title: String?) throws(APIFailure)
        -> BotAPI.Audio
    {
        let file: FileStore.StoredFile
        switch source {
        case .upload(let upload):
            file = try storeUpload(upload, kind: .audio, duration: duration ?? AudioDuration.mp3(upload.data))
        case .existing(let existing): file = existing
        }
        return .init(
            fileId: file.fileID, fileUniqueId: file.uniqueID, duration: duration ?? file.duration ?? 0,
            performer: performer, title: title, fileName: file.fileName, mimeType: file.mimeType,
            fileSize: file.data.count)
    }

    func sendDocument(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let chatID = try arguments.chatID()
        _ = try targetChat(chatID)
        let source = try mediaSource(arguments.value("document"), name: "document", kind: .document, in: arguments)
        let caption = try captionOf(arguments)
        let markup = try ReplyMarkupParser.parse(arguments.text("reply_markup"))
        let document = try document(from: source)
        try admitFlood(chatID: chatID)
        var message = newMessage(in: chatID, from: botUser)
        message.document = document
        return .message(deliverMedia(&message, kind: .document, caption: caption, markup: markup, arguments: arguments))
    }

    func sendAudio(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let chatID = try arguments.chatID()
        _ = try targetChat(chatID)
        let source = try mediaSource(arguments.value("audio"), name: "audio", kind: .audio, in: arguments)
        let caption = try captionOf(arguments)
        let markup = try ReplyMarkupParser.parse(arguments.text("reply_markup"))
        let audio = try audio(
            from: source, duration: try arguments.int("duration"), performer: arguments.text("performer"),
            title: arguments.text("title"))
        try admitFlood(chatID: chatID)
        var message = newMessage(in: chatID, from: botUser)
        message.audio = audio
        return .message(deliverMedia(&message, kind: .audio, caption: caption, markup: markup, arguments: arguments))
    }

    func sendVoice(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let chatID = try arguments.chatID()
        _ = try targetChat(chatID)
        let source = try mediaSource(arguments.value("voice"), name: "voice", kind: .voice, in: arguments)
        let caption = try captionOf(arguments)
        let markup = try ReplyMarkupParser.parse(arguments.text("reply_markup"))
        let explicitDuration = try arguments.int("duration")
        let file: FileStore.StoredFile
        switch source {
        case .upload(let upload):
            file = try storeUpload(upload, kind: .voice, duration: explicitDuration ?? AudioDuration.oggOpus(upload.data))
        case .existing(let existing): file = existing
        }
        try admitFlood(chatID: chatID)
        var message = newMessage(in: chatID, from: botUser)
        message.voice = .init(
            fileId: file.fileID, fileUniqueId: file.uniqueID, duration: explicitDuration ?? file.duration ?? 0,
            mimeType: file.mimeType == "application/octet-stream" ? "audio/ogg" : file.mimeType, fileSize: file.data.count)
        return .message(deliverMedia(&message, kind: .voice, caption: caption, markup: markup, arguments: arguments))
    }

    func captionOf(_ arguments: MethodArguments) throws(APIFailure) -> FormattedText? {
        try formatting.caption(
            arguments.text("caption"), parseMode: arguments.text("parse_mode"),
            entitiesJSON: arguments.text("caption_entities"))
    }

    /// Fills caption and keyboard, stores the message and returns it.
    func deliverMedia(
        _ message: inout BotAPI.Message, kind: BotMessage.Kind, caption: FormattedText?,
        markup: BotAPI.InlineKeyboardMarkup?, arguments: MethodArguments
    ) -> BotAPI.Message {
        message.caption = caption?.text
        message.captionEntities = caption.flatMap { $0.entities.isEmpty ? nil : $0.entities }
        message.replyMarkup = markup.flatMap { $0.inlineKeyboard.isEmpty ? nil : $0 }
        let parseMode = arguments.text("parse_mode")
        store(StoredMessage(
            message: message, isFromBot: true, kind: kind, mediaKind: kind,
            source: parseMode == nil ? nil : arguments.text("caption"), parseMode: parseMode), in: message.chatID)
        return message
    }

    // MARK: Files

    func getFile(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        guard let id = arguments.text("file_id"), !id.isEmpty else { throw .badRequest("file_id is empty") }
        guard let file = files.file(id: id) else { throw .badRequest("invalid file_id") }
        guard file.data.count <= Self.maxDownloadBytes else { throw .badRequest("file is too big") }
        return .file(.init(fileId: file.fileID, fileUniqueId: file.uniqueID, fileSize: file.data.count, filePath: file.path))
    }

    func fileContents(path: String) -> Data? {
        guard let file = files.file(path: path), file.data.count <= Self.maxDownloadBytes else { return nil }
        return file.data
    }
}

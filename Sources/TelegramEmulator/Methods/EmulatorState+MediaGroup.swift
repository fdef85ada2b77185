import Foundation

extension EmulatorState {
    /// An album of 2–10 photos, documents or audio files (not mixed), each item a message sharing
    /// one `media_group_id`. Flood control counts the album as one message.
    func sendMediaGroup(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let chatID = try arguments.chatID()
        _ = try targetChat(chatID)
        guard let text = arguments.text("media"), !text.isEmpty else { throw .badRequest("parameter \"media\" is required") }
        guard let items = JSONValue.parse(text)?.arrayValue else {
            throw .badRequest("can't parse media JSON object")
        }
        guard items.count >= 2 else { throw .badRequest("media group must contain 2-10 items") }
        guard items.count <= 10 else { throw .badRequest("too many messages to send as an album") }
        let types = Set(items.compactMap { $0["type"]?.stringValue })
        guard types.count == 1, let type = types.first else {
            throw .badRequest("photo, document and audio can't be mixed in one album")
        }
        var prepared: [(fill: (inout BotAPI.Message) -> Void, caption: FormattedText?, source: String?, parseMode: String?)] = []
        for item in items {
            prepared.append(try mediaGroupItem(item, type: type, arguments: arguments))
        }
        try admitFlood(chatID: chatID)
        let groupID = String(nextMediaGroup)
        nextMediaGroup += 1
        let kind: BotMessage.Kind = type == "photo" ? .photo : (type == "audio" ? .audio : .document)
        var messages: [BotAPI.Message] = []
        for item in prepared {
            var message = newMessage(in: chatID, from: botUser)
            item.fill(&message)
            message.mediaGroupId = groupID
            message.caption = item.caption?.text
            message.captionEntities = item.caption.flatMap { $0.entities.isEmpty ? nil : $0.entities }
            store(StoredMessage(
                message: message, isFromBot: true, kind: .mediaGroupItem, mediaKind: kind,
                source: item.parseMode == nil ? nil : item.source, parseMode: item.parseMode), in: chatID)
            messages.append(message)
        }
        return .messages(messages)
    }

    private func mediaGroupItem(_ item: JSONValue, type: String, arguments: MethodArguments) throws(APIFailure)
        -> (fill: (inout BotAPI.Message) -> Void, caption: FormattedText?, source: String?, parseMode: String?)
    {
        guard let media = item["media"]?.stringValue else { throw .badRequest("media not specified") }
        let parseMode = item["parse_mode"]?.stringValue
        let captionText = item["caption"]?.stringValue
        let caption = try formatting.caption(
            captionText, parseMode: parseMode, entitiesJSON: item["caption_entities"].map { $0.serialized })
        switch type {
        case "photo":
            let sizes = try photo(from: mediaSource(.text(media), name: "photo", kind: .photo, in: arguments))
            return ({ $0.photo = sizes }, caption, captionText, parseMode)
        case "document":
            let document = try document(from: mediaSource(.text(media), name: "document", kind: .document, in: arguments))
            return ({ $0.document = document }, caption, captionText, parseMode)
        case "audio":
            let audio = try audio(
                from: mediaSource(.text(media), name: "audio", kind: .audio, in: arguments),
                duration: item["duration"]?.int64Value.map { Int($0) }, performer: item["performer"]?.stringValue,
                title: item["title"]?.stringValue)
            return ({ $0.audio = audio }, caption, captionText, parseMode)
        default:
            throw .badRequest("unsupported media type \"\(type)\" in the media group")
        }
    }
}

import Foundation

/// What simulated users do: each action stores the user's message (when there is one) and
/// enqueues the Update Telegram would deliver to the bot.
extension EmulatorState {
    /// A message from `user` into `chatID` (their private chat when nil), filled by `fill`.
    func userMessage(
        from user: SimulatedUser, in chatID: Int64?, kind: BotMessage.Kind, fill: (inout BotAPI.Message) -> Void
    ) -> Int {
        let target = chatID ?? user.id
        if chats[target] == nil {
            chats[target] = ChatRecord(
                chat: SimulatedChat(id: target, kind: .privateChat, title: nil),
                wire: BotAPI.Chat(id: target, type: "private", username: user.username, firstName: user.firstName))
        }
        var message = newMessage(in: target, from: wireUser(user))
        fill(&message)
        store(StoredMessage(message: message, isFromBot: false, kind: kind, mediaKind: kind), in: target)
        enqueue(BotAPI.Update(message: message))
        return message.messageId
    }

    func sendText(_ text: String, from user: SimulatedUser, in chatID: Int64?) -> Int {
        let formatted = FormattedText.userText(text)
        return userMessage(from: user, in: chatID, kind: .text) { message in
            message.text = formatted.text
            message.entities = formatted.entities.isEmpty ? nil : formatted.entities
        }
    }

    func sendPhoto(_ data: Data, caption: String?, from user: SimulatedUser, in chatID: Int64?) throws(EmulatorError) -> Int {
        guard let header = ImageHeader(data) else {
            throw EmulatorError("The photo is neither a JPEG nor a PNG, so Telegram could not read its size.")
        }
        let sizes = photoSizes(data, header: header)
        return userMessage(from: user, in: chatID, kind: .photo) { message in
            message.photo = sizes
            message.caption = caption
        }
    }

    /// An album: one message per photo, all with the same `media_group_id`, as Telegram sends them.
    func sendMediaGroup(_ photos: [Data], groupID: String?, from user: SimulatedUser,
                        in chatID: Int64?) throws(EmulatorError) -> [Int] {
        var sizes: [[BotAPI.PhotoSize]] = []
        for data in photos {
            guard let header = ImageHeader(data) else {
                throw EmulatorError("The photo is neither a JPEG nor a PNG, so Telegram could not read its size.")
            }
            sizes.append(photoSizes(data, header: header))
        }
        let groupID = groupID ?? String(nextMediaGroup)
        nextMediaGroup += 1
        return sizes.map { photo in
            userMessage(from: user, in: chatID, kind: .photo) { message in
                message.photo = photo
                message.mediaGroupId = groupID
            }
        }
    }

    func sendDocument(_ data: Data, fileName: String, mimeType: String, caption: String?, from user: SimulatedUser, in chatID: Int64?) -> Int {
        let file = files.store(data, kind: .document, fileName: fileName, mimeType: mimeType)
        return userMessage(from: user, in: chatID, kind: .document) { message in
            message.document = .init(
                fileId: file.fileID, fileUniqueId: file.uniqueID, fileName: fileName, mimeType: mimeType,
                fileSize: data.count)
            message.caption = caption
        }
    }

    func send(_ content: SimulatedContent, from user: SimulatedUser, in chatID: Int64?) -> Int {
        let kind: BotMessage.Kind
        let fill: (inout BotAPI.Message) -> Void
        switch content {
        case .sticker(let emoji):
            let file = syntheticFile(.sticker, "sticker \(emoji)", mimeType: "image/webp")
            kind = .sticker
            fill = { $0.sticker = .init(
                fileId: file.fileID, fileUniqueId: file.uniqueID, type: "regular", width: 512, height: 512,
                isAnimated: false, isVideo: false, emoji: emoji, fileSize: file.data.count) }
        case .voice(let duration):
            let file = syntheticFile(.voice, "voice \(duration) \(nextUserID)", mimeType: "audio/ogg", duration: duration)
            kind = .voice
            fill = { $0.voice = .init(
                fileId: file.fileID, fileUniqueId: file.uniqueID, duration: duration, mimeType: "audio/ogg",
                fileSize: file.data.count) }
        case .audio(let duration, let title):
            let file = syntheticFile(.audio, "audio \(duration) \(title ?? "")", mimeType: "audio/mpeg", duration: duration)
            kind = .audio
            fill = { $0.audio = .init(
                fileId: file.fileID, fileUniqueId: file.uniqueID, duration: duration, title: title,
                mimeType: "audio/mpeg", fileSize: file.data.count) }
        case .video(let duration):
            let file = syntheticFile(.video, "video \(duration)", mimeType: "video/mp4", duration: duration)
            kind = .video
            fill = { $0.video = .init(
                fileId: file.fileID, fileUniqueId: file.uniqueID, width: 1280, height: 720, duration: duration,
                mimeType: "video/mp4", fileSize: file.data.count) }
        case .videoNote(let duration):
            let file = syntheticFile(.videoNote, "video note \(duration)", mimeType: "video/mp4", duration: duration)
            kind = .videoNote
            fill = { $0.videoNote = .init(
                fileId: file.fileID, fileUniqueId: file.uniqueID, length: 384, duration: duration,
                fileSize: file.data.count) }
        case .animation:
            let file = syntheticFile(.animation, "animation", mimeType: "video/mp4", duration: 3)
            kind = .animation
            fill = { $0.animation = .init(
                fileId: file.fileID, fileUniqueId: file.uniqueID, width: 320, height: 240, duration: 3,
                fileName: "animation.mp4", mimeType: "video/mp4", fileSize: file.data.count)
                // Telegram also fills `document` for animations, for old clients.
                $0.document = .init(
                    fileId: file.fileID, fileUniqueId: file.uniqueID, fileName: "animation.mp4",
                    mimeType: "video/mp4", fileSize: file.data.count) }
        case .location(let latitude, let longitude):
            kind = .location
            fill = { $0.location = .init(latitude: latitude, longitude: longitude) }
        case .contact(let phoneNumber, let firstName):
            kind = .contact
            fill = { $0.contact = .init(phoneNumber: phoneNumber, firstName: firstName) }
        case .poll(let question, let options):
            let pollID = String(5_000_000_000_000_000_000 as UInt64 + UInt64(updates.nextID))
            kind = .poll
            fill = { $0.poll = .init(
                id: pollID, question: question,
                options: options.enumerated().map { .init(persistentId: String($0.offset), text: $0.element, voterCount: 0) },
                totalVoterCount: 0, isClosed: false, isAnonymous: true, type: "regular",
                allowsMultipleAnswers: false, allowsRevoting: true, membersOnly: false) }
        case .dice(let emoji):
            kind = .dice
            let value = Int(updates.nextID % 6) + 1
            fill = { $0.dice = .init(emoji: emoji, value: value) }
        }
        return userMessage(from: user, in: chatID, kind: kind, fill: fill)
    }

    /// A small stand-in file for content the emulator cannot synthesize (video, stickers), so
    /// getFile and downloads still work on it.
    private func syntheticFile(_ kind: FileStore.Kind, _ seed: String, mimeType: String, duration: Int? = nil)
        -> FileStore.StoredFile
    {
        files.store(Data("sogreto-emulator \(seed)".utf8), kind: kind, mimeType: mimeType, duration: duration)
    }

    func pressButton(_ data: String, on messageID: Int, from user: SimulatedUser, in chatID: Int64?) -> String {
        let target = chatID ?? user.id
        let id = String(UInt64(user.id) &* 4_294_967 &+ UInt64(nextCallbackQuery))
        nextCallbackQuery += 1
        let chat = chats[target]?.wire ?? BotAPI.Chat(id: target, type: "private")
        let message: BotAPI.MaybeInaccessibleMessage
        if let stored = chats[target]?.messages[messageID] {
            message = .message(stored.message)
        } else {
            message = .inaccessible(.init(chat: chat, messageId: messageID, date: 0))
        }
        callbackQueries[id] = CallbackRecord(chatID: target, messageID: messageID)
        enqueue(BotAPI.Update(callbackQuery: .init(
            id: id, from: wireUser(user), message: message, chatInstance: Self.chatInstance(target), data: data)))
        return id
    }

    /// A stable opaque id per chat, as Telegram's `chat_instance` is.
    static func chatInstance(_ chatID: Int64) -> String {
        String(UInt64(bitPattern: chatID) &* 0x9E37_79B9_7F4A_7C15 >> 1)
    }

    func editText(messageID: Int, newText: String, from user: SimulatedUser, in chatID: Int64?) throws(EmulatorError) {
        let target = chatID ?? user.id
        guard var stored = chats[target]?.messages[messageID], !stored.isFromBot,
              stored.message.from?.id == user.id, stored.kind == .text else {
            throw EmulatorError("Message \(messageID) in chat \(target) is not a text message by \(user.firstName).")
        }
        let formatted = FormattedText.userText(newText)
        stored.message.text = formatted.text
        stored.message.entities = formatted.entities.isEmpty ? nil : formatted.entities
        stored.message.editDate = unixNow
        chats[target]?.replace(stored)
        announceChange(in: target)
        enqueue(BotAPI.Update(editedMessage: stored.message))
    }

    /// Blocking (or unblocking) the bot: the private chat's member status changes and the bot
    /// gets a `my_chat_member` update.
    func setBlocked(_ blocked: Bool, by user: SimulatedUser) {
        guard chats[user.id]?.isBlocked != blocked else { return }
        chats[user.id]?.isBlocked = blocked
        let member = BotAPI.ChatMember(status: "member", user: botUser)
        let kicked = BotAPI.ChatMember(status: "kicked", user: botUser, untilDate: 0)
        let chat = chats[user.id]?.wire ?? BotAPI.Chat(id: user.id, type: "private")
        enqueue(BotAPI.Update(myChatMember: .init(
            chat: chat, from: wireUser(user), date: unixNow,
            oldChatMember: blocked ? member : kicked, newChatMember: blocked ? kicked : member)))
    }

    /// A raw update from a test; its `update_id` is assigned here. Its type is its first key
    /// other than `update_id`.
    func enqueueRaw(_ object: [String: JSONValue]) {
        var fields = object
        fields["update_id"] = nil
        let kind = fields.keys.sorted().first ?? "unknown"
        enqueue(kind: kind, body: Data(JSONValue.object(fields).serialized.utf8))
    }
}

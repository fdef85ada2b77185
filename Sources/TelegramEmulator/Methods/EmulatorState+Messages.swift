import Foundation

extension EmulatorState {
    func sendMessage(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let chatID = try arguments.chatID()
        _ = try targetChat(chatID)
        let parseMode = arguments.text("parse_mode")
        let formatted = try formatting.messageText(
            arguments.text("text"), parseMode: parseMode, entitiesJSON: arguments.text("entities"))
        let markup = try ReplyMarkupParser.parse(arguments.text("reply_markup"))
        try admitFlood(chatID: chatID)
        var message = newMessage(in: chatID, from: botUser)
        message.text = formatted.text
        message.entities = formatted.entities.isEmpty ? nil : formatted.entities
        message.replyMarkup = markup.flatMap { $0.inlineKeyboard.isEmpty ? nil : $0 }
        store(StoredMessage(
            message: message, isFromBot: true, kind: .text, mediaKind: .text,
            source: parseMode == nil ? nil : arguments.text("text"), parseMode: parseMode), in: chatID)
        return .message(message)
    }

    /// The bot's own message an edit targets.
    private func editableMessage(_ arguments: MethodArguments) throws(APIFailure) -> (Int64, StoredMessage) {
        if arguments.text("chat_id") == nil, arguments.text("inline_message_id") != nil {
            throw .badRequest("message to edit not found")
        }
        let chatID = try arguments.chatID()
        let record = try targetChat(chatID)
        let messageID = try arguments.messageID()
        guard let stored = record.messages[messageID] else { throw .badRequest("message to edit not found") }
        guard stored.isFromBot else { throw .badRequest("message can't be edited") }
        return (chatID, stored)
    }

    private static let notModified =
        APIFailure.badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

    func editMessageText(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let (chatID, stored) = try editableMessage(arguments)
        guard stored.kind == .text else { throw .badRequest("there is no text in the message to edit") }
        let parseMode = arguments.text("parse_mode")
        let formatted = try formatting.messageText(
            arguments.text("text"), parseMode: parseMode, entitiesJSON: arguments.text("entities"))
        // Like Telegram, an edit without reply_markup removes the inline keyboard.
        let markup = try ReplyMarkupParser.parse(arguments.text("reply_markup"), inlineOnly: true)
            .flatMap { $0.inlineKeyboard.isEmpty ? nil : $0 }
        var updated = stored
        let entities = formatted.entities.isEmpty ? nil : formatted.entities
        if updated.message.text == formatted.text, updated.message.entities == entities,
           updated.message.replyMarkup == markup {
            throw Self.notModified
        }
        updated.message.text = formatted.text
        updated.message.entities = entities
        updated.message.replyMarkup = markup
        updated.message.editDate = unixNow
        updated.source = parseMode == nil ? nil : arguments.text("text")
        updated.parseMode = parseMode
        chats[chatID]?.replace(updated)
        wakeMessageWaiters(chatID)
        return .message(updated.message)
    }

    func editMessageReplyMarkup(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let (chatID, stored) = try editableMessage(arguments)
        let markup = try ReplyMarkupParser.parse(arguments.text("reply_markup"), inlineOnly: true)
            .flatMap { $0.inlineKeyboard.isEmpty ? nil : $0 }
        guard stored.message.replyMarkup != markup else { throw Self.notModified }
        var updated = stored
        updated.message.replyMarkup = markup
        updated.message.editDate = unixNow
        chats[chatID]?.replace(updated)
        wakeMessageWaiters(chatID)
        return .message(updated.message)
    }

    func deleteMessage(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let chatID = try arguments.chatID()
        let record = try targetChat(chatID)
        let messageID = try arguments.messageID()
        guard record.messages[messageID] != nil else { throw .badRequest("message to delete not found") }
        chats[chatID]?.remove(messageID: messageID)
        wakeMessageWaiters(chatID)
        return .bool(true)
    }

    func answerCallbackQuery(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let expired = APIFailure.badRequest("query is too old and response timeout expired or query ID is invalid")
        guard let id = arguments.text("callback_query_id"), !id.isEmpty else {
            throw .badRequest("callback_query_id is empty")
        }
        guard var query = callbackQueries[id], query.answers.isEmpty else { throw expired }
        let text = arguments.text("text")
        if let text, text.count > 200 { throw .badRequest("MESSAGE_TOO_LONG") }
        query.answers.append(CallbackAnswer(
            text: text, showAlert: arguments.bool("show_alert"), url: arguments.text("url"),
            cacheTime: try arguments.int("cache_time")))
        callbackQueries[id] = query
        return .bool(true)
    }

    static let chatActions: Set<String> = [
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    ]

    func sendChatAction(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let chatID = try arguments.chatID()
        _ = try targetChat(chatID)
        guard let action = arguments.text("action"), Self.chatActions.contains(action) else {
            throw .badRequest("wrong parameter action in request")
        }
        chats[chatID]?.chatActions.append(action)
        chats[chatID]?.pendingChatAction = (action, monotonicSeconds)
        announceChange(in: chatID)
        return .bool(true)
    }
}

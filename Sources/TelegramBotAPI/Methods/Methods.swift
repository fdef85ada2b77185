public import Foundation

// The Bot API methods the bot uses, one struct each, named after the method.

public struct GetMe: TelegramMethod {
    public typealias Result = User
    public static let name = "getMe"
    public init() {}
    public var parameters: [Parameter] { [] }
}

public struct GetUpdates: TelegramMethod {
    public typealias Result = [Update]
    public static let name = "getUpdates"
    public var offset: Int64?
    public var limit: Int?
    /// Long-poll seconds.
    public var pollTimeout: Int
    public var allowedUpdates: [String]?

    public init(offset: Int64?, limit: Int? = 100, pollTimeout: Int, allowedUpdates: [String]? = nil) {
        self.offset = offset
        self.limit = limit
        self.pollTimeout = pollTimeout
        self.allowedUpdates = allowedUpdates
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("offset", offset)
        list.add("limit", limit)
        list.add("timeout", pollTimeout)
        list.add(json: "allowed_updates", allowedUpdates)
        return list.items
    }

    public var serverWait: TimeInterval { TimeInterval(pollTimeout) }
}

public struct DeleteWebhook: TelegramMethod {
    public typealias Result = Bool
    public static let name = "deleteWebhook"
    public var dropPendingUpdates: Bool?
    public init(dropPendingUpdates: Bool? = nil) { self.dropPendingUpdates = dropPendingUpdates }
    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("drop_pending_updates", dropPendingUpdates)
        return list.items
    }
}

public struct SendMessage: TelegramMethod {
    /// Only the id is read from Telegram's reply: decoding the whole `Message` echo for every
    /// reply was a measurable share of the bot's CPU.
    public typealias Result = SentMessage
    public static let name = "sendMessage"
    public var chatID: Int64
    public var text: String
    var parseMode: String? = "HTML"
    public var replyMarkup: InlineKeyboardMarkup?
    var disableLinkPreview: Bool = true

    public init(chatID: Int64, text: String, replyMarkup: InlineKeyboardMarkup? = nil) {
        self.chatID = chatID
        self.text = text
        self.replyMarkup = replyMarkup
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("chat_id", chatID)
        list.add("text", text)
        list.add("parse_mode", parseMode)
        list.add(json: "reply_markup", replyMarkup)
        if disableLinkPreview { list.add(json: "link_preview_options", ["is_disabled": true]) }
        return list.items
    }
}

public struct EditMessageText: TelegramMethod {
    public typealias Result = MessageOrTrue
    public static let name = "editMessageText"
    public var chatID: Int64
    public var messageID: Int
    public var text: String
    public var replyMarkup: InlineKeyboardMarkup?

    public init(chatID: Int64, messageID: Int, text: String, replyMarkup: InlineKeyboardMarkup? = nil) {
        self.chatID = chatID
        self.messageID = messageID
        self.text = text
        self.replyMarkup = replyMarkup
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("chat_id", chatID)
        list.add("message_id", messageID)
        list.add("text", text)
        list.add("parse_mode", "HTML")
        list.add(json: "reply_markup", replyMarkup)
        list.add(json: "link_preview_options", ["is_disabled": true])
        return list.items
    }
}

public struct EditMessageReplyMarkup: TelegramMethod {
    public typealias Result = MessageOrTrue
    public static let name = "editMessageReplyMarkup"
    public var chatID: Int64
    public var messageID: Int
    public var replyMarkup: InlineKeyboardMarkup?

    public init(chatID: Int64, messageID: Int, replyMarkup: InlineKeyboardMarkup?) {
        self.chatID = chatID
        self.messageID = messageID
        self.replyMarkup = replyMarkup
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("chat_id", chatID)
        list.add("message_id", messageID)
        list.add(json: "reply_markup", replyMarkup)
        return list.items
    }
}

public struct AnswerCallbackQuery: TelegramMethod {
    public typealias Result = Bool
    public static let name = "answerCallbackQuery"
    public var callbackQueryID: String
    public var text: String?
    public var showAlert: Bool?

    public init(callbackQueryID: String, text: String? = nil, showAlert: Bool? = nil) {
        self.callbackQueryID = callbackQueryID
        self.text = text
        self.showAlert = showAlert
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("callback_query_id", callbackQueryID)
        list.add("text", text)
        list.add("show_alert", showAlert)
        return list.items
    }
}

public struct SendChatAction: TelegramMethod {
    public typealias Result = Bool
    public static let name = "sendChatAction"
    public var chatID: Int64
    /// typing, upload_photo, upload_document, upload_voice…
    public var action: String

    public init(chatID: Int64, action: String) {
        self.chatID = chatID
        self.action = action
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("chat_id", chatID)
        list.add("action", action)
        return list.items
    }
}

public struct SendPhoto: TelegramMethod {
    public typealias Result = Message
    public static let name = "sendPhoto"
    public var chatID: Int64
    public var photo: InputFileReference
    public var caption: String?
    public var replyMarkup: InlineKeyboardMarkup?

    public init(chatID: Int64, photo: InputFileReference, caption: String? = nil,
                replyMarkup: InlineKeyboardMarkup? = nil) {
        self.chatID = chatID
        self.photo = photo
        self.caption = caption
        self.replyMarkup = replyMarkup
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("chat_id", chatID)
        list.add("photo", photo)
        list.add("caption", caption)
        if caption != nil { list.add("parse_mode", "HTML") }
        list.add(json: "reply_markup", replyMarkup)
        return list.items
    }
}

public struct SendDocument: TelegramMethod {
    public typealias Result = Message
    public static let name = "sendDocument"
    public var chatID: Int64
    public var document: InputFileReference
    public var caption: String?
    public var replyMarkup: InlineKeyboardMarkup?

    public init(chatID: Int64, document: InputFileReference, caption: String? = nil,
                replyMarkup: InlineKeyboardMarkup? = nil) {
        self.chatID = chatID
        self.document = document
        self.caption = caption
        self.replyMarkup = replyMarkup
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("chat_id", chatID)
        list.add("document", document)
        list.add("caption", caption)
        if caption != nil { list.add("parse_mode", "HTML") }
        list.add(json: "reply_markup", replyMarkup)
        return list.items
    }
}

public struct SendAudio: TelegramMethod {
    public typealias Result = Message
    public static let name = "sendAudio"
    public var chatID: Int64
    public var audio: InputFileReference
    public var caption: String?
    public var title: String?
    public var performer: String?
    public var duration: Int?
    public var replyMarkup: InlineKeyboardMarkup?

    public init(chatID: Int64, audio: InputFileReference, caption: String? = nil, title: String? = nil,
                performer: String? = nil, duration: Int? = nil, replyMarkup: InlineKeyboardMarkup? = nil) {
        self.chatID = chatID
        self.audio = audio
        self.caption = caption
        self.title = title
        self.performer = performer
        self.duration = duration
        self.replyMarkup = replyMarkup
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("chat_id", chatID)
        list.add("audio", audio)
        list.add("caption", caption)
        if caption != nil { list.add("parse_mode", "HTML") }
        list.add("title", title)
        list.add("performer", performer)
        list.add("duration", duration)
        list.add(json: "reply_markup", replyMarkup)
        return list.items
    }
}

/// An album of 2–10 photos; uploads are attached as `attach://photoN` parts.
public struct SendMediaGroup: TelegramMethod {
    public typealias Result = [Message]
    public static let name = "sendMediaGroup"

    public struct Photo: Sendable, Equatable {
        public var file: InputFileReference
        public var caption: String?
        public init(file: InputFileReference, caption: String? = nil) {
            self.file = file
            self.caption = caption
        }
    }

    public var chatID: Int64
    public var photos: [Photo]

    public init(chatID: Int64, photos: [Photo]) {
        self.chatID = chatID
        self.photos = photos
    }

    private struct MediaItem: Encodable {
        var type = "photo"
        var media: String
        var caption: String?
        var parseMode: String?
        enum CodingKeys: String, CodingKey {
            case type, media, caption
            case parseMode = "parse_mode"
        }
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add("chat_id", chatID)
        var items: [MediaItem] = []
        var uploads: [Parameter] = []
        for (index, photo) in photos.enumerated() {
            switch photo.file {
            case .fileID(let id):
                items.append(MediaItem(media: id, caption: photo.caption, parseMode: photo.caption == nil ? nil : "HTML"))
            case .upload(let input):
                let part = "photo\(index)"
                items.append(MediaItem(media: "attach://\(part)", caption: photo.caption,
                                       parseMode: photo.caption == nil ? nil : "HTML"))
                uploads.append(Parameter(part, .file(input)))
            }
        }
        list.add(json: "media", items)
        return list.items + uploads
    }
}

public struct SetMyCommands: TelegramMethod {
    public typealias Result = Bool
    public static let name = "setMyCommands"
    public var commands: [BotCommand]
    public var languageCode: String?

    public init(commands: [BotCommand], languageCode: String?) {
        self.commands = commands
        self.languageCode = languageCode
    }

    public var parameters: [Parameter] {
        var list = ParameterList()
        list.add(json: "commands", commands)
        list.add(json: "scope", ["type": "all_private_chats"])
        list.add("language_code", languageCode)
        return list.items
    }
}

public struct GetFile: TelegramMethod {
    public typealias Result = File
    public static let name = "getFile"
    public var fileID: String
    public init(fileID: String) { self.fileID = fileID }
    public var parameters: [Parameter] { [Parameter("file_id", .string(fileID))] }
}

/// The part of a sent `Message` the bot uses.
public struct SentMessage: Decodable, Sendable, Equatable {
    public var messageID: Int

    public init(messageID: Int) {
        self.messageID = messageID
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
    }
}

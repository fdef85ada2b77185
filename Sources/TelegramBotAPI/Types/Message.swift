/// A message as the bot receives it. Content the bot does not act on (stickers, voice, polls…)
/// is decoded only as present or absent, so a new field in Telegram's objects never breaks intake.
public struct Message: Codable, Sendable, Equatable {
    public var messageID: Int
    public var from: User?
    public var chat: Chat
    public var date: Int
    public var text: String?
    package var entities: [MessageEntity]?
    public var caption: String?
    public var photo: [PhotoSize]?
    public var document: Document?
    public var audio: Audio?
    public var voice: Voice?
    package var video: Present?
    public var videoNote: Present?
    public var animation: Present?
    public var sticker: Present?
    public var location: Present?
    public var venue: Present?
    public var contact: Present?
    public var poll: Present?
    package var dice: Present?
    var game: Present?
    var story: Present?
    /// The buttons the message shows now (in a callback query: what the user pressed on).
    public var replyMarkup: InlineKeyboardMarkup?
    /// Set on every item of an album (photos sent together).
    public var mediaGroupID: String?

    public init(messageID: Int, from: User?, chat: Chat, date: Int, text: String? = nil) {
        self.messageID = messageID
        self.from = from
        self.chat = chat
        self.date = date
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case from, chat, date, text, entities, caption, photo, document, audio, voice, video
        case animation, sticker, location, venue, contact, poll, dice, game, story
        case messageID = "message_id"
        case videoNote = "video_note"
        case replyMarkup = "reply_markup"
        case mediaGroupID = "media_group_id"
    }
}

/// Marks a field whose contents the bot ignores: only its presence matters.
public struct Present: Codable, Sendable, Equatable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: EmptyKeys.self)
    }
    private enum EmptyKeys: CodingKey {}
}

package struct MessageEntity: Codable, Sendable, Equatable {
    package var type: String
    package var offset: Int
    package var length: Int

    package init(type: String, offset: Int, length: Int) {
        self.type = type
        self.offset = offset
        self.length = length
    }
}

public struct PhotoSize: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var width: Int
    public var height: Int
    public var fileSize: Int?

    public init(fileID: String, fileUniqueID: String, width: Int, height: Int, fileSize: Int? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.width = width
        self.height = height
        self.fileSize = fileSize
    }

    enum CodingKeys: String, CodingKey {
        case width, height
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case fileSize = "file_size"
    }
}

public struct Document: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var fileName: String?
    public var mimeType: String?
    public var fileSize: Int?

    public init(fileID: String, fileUniqueID: String, fileName: String? = nil, mimeType: String? = nil,
                fileSize: Int? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.fileName = fileName
        self.mimeType = mimeType
        self.fileSize = fileSize
    }

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case fileName = "file_name"
        case mimeType = "mime_type"
        case fileSize = "file_size"
    }
}

/// A voice note: the bot passes it on (to the team, after /contact) by its file id.
public struct Voice: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var duration: Int?

    public init(fileID: String, fileUniqueID: String, duration: Int? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.duration = duration
    }

    enum CodingKeys: String, CodingKey {
        case duration
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
    }
}

/// An audio file in Telegram's music player; the bot keeps the `file_id` of what it uploaded.
public struct Audio: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var duration: Int?
    public var performer: String?
    public var title: String?

    public init(fileID: String, fileUniqueID: String, duration: Int? = nil, performer: String? = nil, title: String? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.duration = duration
        self.performer = performer
        self.title = title
    }

    enum CodingKeys: String, CodingKey {
        case duration, performer, title
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
    }
}

/// The result of getFile: where to download a file from.
public struct File: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileUniqueID: String
    public var fileSize: Int?
    public var filePath: String?

    public init(fileID: String, fileUniqueID: String, fileSize: Int? = nil, filePath: String? = nil) {
        self.fileID = fileID
        self.fileUniqueID = fileUniqueID
        self.fileSize = fileSize
        self.filePath = filePath
    }

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileUniqueID = "file_unique_id"
        case fileSize = "file_size"
        case filePath = "file_path"
    }
}

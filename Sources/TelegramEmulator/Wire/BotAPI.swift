import Foundation

/// The objects the emulator sends over the wire, shaped exactly like Telegram's (field names come
/// from camelCase via the snake_case key strategy of `BotAPI.encoder`). Optional fields that are
/// nil are omitted, as Telegram omits them.
enum BotAPI {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    struct User: Codable, Sendable, Equatable {
        var id: Int64
        var isBot: Bool
        var firstName: String
        var lastName: String?
        var username: String?
        var languageCode: String?
        var canJoinGroups: Bool?
        var canReadAllGroupMessages: Bool?
        var supportsInlineQueries: Bool?
    }

    struct Chat: Codable, Sendable, Equatable {
        var id: Int64
        var type: String
        var title: String?
        var username: String?
        var firstName: String?
        var lastName: String?
    }

    struct MessageEntity: Codable, Sendable, Equatable {
        var type: String
        var offset: Int
        var length: Int
        var url: String?
        var language: String?
        var customEmojiId: String?
    }

    struct PhotoSize: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var width: Int
        var height: Int
        var fileSize: Int?
    }

    struct Document: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var fileName: String?
        var mimeType: String?
        var fileSize: Int?
    }

    struct Audio: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var duration: Int
        var performer: String?
        var title: String?
        var fileName: String?
        var mimeType: String?
        var fileSize: Int?
    }

    struct Voice: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var duration: Int
        var mimeType: String?
        var fileSize: Int?
    }

    struct Video: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var width: Int
        var height: Int
        var duration: Int
        var mimeType: String?
        var fileSize: Int?
    }

    struct VideoNote: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var length: Int
        var duration: Int
        var fileSize: Int?
    }

    struct Animation: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var width: Int
        var height: Int
        var duration: Int
        var fileName: String?
        var mimeType: String?
        var fileSize: Int?
    }

    struct Sticker: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var type: String
        var width: Int
        var height: Int
        var isAnimated: Bool
        var isVideo: Bool
        var emoji: String?
        var fileSize: Int?
    }

    struct Location: Codable, Sendable, Equatable {
        var latitude: Double
        var longitude: Double
    }

    struct Contact: Codable, Sendable, Equatable {
        var phoneNumber: String
        var firstName: String
        var userId: Int64?
    }

    struct PollOption: Codable, Sendable, Equatable {
        var persistentId: String
        var text: String
        var voterCount: Int
    }

    struct Poll: Codable, Sendable, Equatable {
        var id: String
        var question: String
        var options: [PollOption]
        var totalVoterCount: Int
        var isClosed: Bool
        var isAnonymous: Bool
        var type: String
        var allowsMultipleAnswers: Bool
        var allowsRevoting: Bool
        var membersOnly: Bool
    }

    struct Dice: Codable, Sendable, Equatable {
        var emoji: String
        var value: Int
    }

    struct InlineKeyboardButton: Codable, Sendable, Equatable {
        var text: String
        var url: String?
        var callbackData: String?
    }

    struct InlineKeyboardMarkup: Codable, Sendable, Equatable {
        var inlineKeyboard: [[InlineKeyboardButton]]
    }

    /// Media payloads and the sender are `@Boxed` to keep stored messages small (see `Boxed`).
    struct Message: Codable, Sendable, Equatable {
        var messageId: Int
        @Boxed var from: User?
        var date: Int
        @Boxed var chat: Chat?
        var editDate: Int?
        var mediaGroupId: String?
        var text: String?
        var entities: [MessageEntity]?
        @Boxed var animation: Animation?
        @Boxed var audio: Audio?
        @Boxed var document: Document?
        var photo: [PhotoSize]?
        @Boxed var sticker: Sticker?
        @Boxed var video: Video?
        @Boxed var videoNote: VideoNote?
        @Boxed var voice: Voice?
        var caption: String?
        var captionEntities: [MessageEntity]?
        @Boxed var contact: Contact?
        @Boxed var dice: Dice?
        @Boxed var poll: Poll?
        @Boxed var location: Location?
        var replyMarkup: InlineKeyboardMarkup?

        init(messageId: Int, from: User?, date: Int, chat: Chat) {
            self.messageId = messageId
            self.from = from
            self.date = date
            self.chat = chat
        }

        var chatID: Int64 { chat?.id ?? 0 }
    }

    /// A message the bot can no longer reach (deleted), as a callback query may carry.
    struct InaccessibleMessage: Codable, Sendable, Equatable {
        var chat: Chat
        var messageId: Int
        var date: Int
    }

    enum MaybeInaccessibleMessage: Codable, Sendable, Equatable {
        case message(Message)
        case inaccessible(InaccessibleMessage)

        init(from decoder: any Decoder) throws {
            self = .message(try Message(from: decoder))
        }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .message(let message): try message.encode(to: encoder)
            case .inaccessible(let message): try message.encode(to: encoder)
            }
        }
    }

    struct CallbackQuery: Codable, Sendable, Equatable {
        var id: String
        var from: User
        var message: MaybeInaccessibleMessage?
        var chatInstance: String
        var data: String?
    }

    /// ChatMemberMember ("member") or ChatMemberBanned ("kicked"): the two states a private
    /// chat's bot membership moves between when the user blocks and unblocks the bot.
    struct ChatMember: Codable, Sendable, Equatable {
        var status: String
        var user: User
        var untilDate: Int?
    }

    struct ChatMemberUpdated: Codable, Sendable, Equatable {
        var chat: Chat
        var from: User
        var date: Int
        var oldChatMember: ChatMember
        var newChatMember: ChatMember
    }

    /// An update without its `update_id`, which `UpdateQueue` assigns when it is enqueued.
    struct Update: Codable, Sendable, Equatable {
        var message: Message?
        var editedMessage: Message?
        var callbackQuery: CallbackQuery?
        var myChatMember: ChatMemberUpdated?
    }

    struct File: Codable, Sendable, Equatable {
        var fileId: String
        var fileUniqueId: String
        var fileSize: Int?
        var filePath: String?
    }

    struct WebhookInfo: Codable, Sendable, Equatable {
        var url: String
        var hasCustomCertificate: Bool
        var pendingUpdateCount: Int
        var maxConnections: Int?
        var allowedUpdates: [String]?
        var lastErrorDate: Int?
        var lastErrorMessage: String?
    }

    struct BotCommand: Codable, Sendable, Equatable {
        var command: String
        var description: String
    }
}

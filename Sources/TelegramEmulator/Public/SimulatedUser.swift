import Foundation

/// A person talking to the bot. Their private chat with the bot has the same id as they do.
public struct SimulatedUser: Sendable, Hashable {
    public var id: Int64
    public var firstName: String
    public var lastName: String?
    public var username: String?
    public var languageCode: String?

    /// The id of this user's private chat with the bot.
    public var chatID: Int64 { id }

    public init(id: Int64, firstName: String, lastName: String? = nil, username: String? = nil, languageCode: String?) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.languageCode = languageCode
    }
}

/// A chat the bot is in: a user's private chat, a group, a supergroup or a channel.
public struct SimulatedChat: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case privateChat = "private"
        case group
        case supergroup
        case channel
    }

    public var id: Int64
    public var kind: Kind
    public var title: String?

    public init(id: Int64, kind: Kind, title: String?) {
        self.id = id
        self.kind = kind
        self.title = title
    }
}

/// The other things a user can send besides text, photos and documents.
public enum SimulatedContent: Sendable, Hashable {
    /// A 🌱 sticker.
    case sticker
    case voice(duration: Int)
    case audio(duration: Int, title: String?)
    /// A five-second 1280×720 video.
    case video
    /// A four-second round video note.
    case videoNote
    case animation
    case location(latitude: Double, longitude: Double)
    case contact(phoneNumber: String, firstName: String)
    case poll(question: String, options: [String])
    /// A 🎲 throw.
    case dice
}

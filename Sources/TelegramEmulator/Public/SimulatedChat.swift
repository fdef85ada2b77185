import Foundation

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

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

import Foundation

/// An outbox row as stored, whatever its state (operators, drills and tests read these).
public struct OutboxRow: Sendable, Equatable {
    public var id: Int64
    public var chatID: Int64
    public var priority: Int
    /// Nil when the stored action is not readable by this version.
    public var action: OutboxAction?
    public var state: String
    public var attempts: Int
    public var updateID: Int64?
    public var dedupeKey: String?
    public var notBefore: Date?
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?

    public init(id: Int64, chatID: Int64, priority: Int, action: OutboxAction?, state: String, attempts: Int,
                updateID: Int64?, dedupeKey: String?, notBefore: Date?, lastError: String?, createdAt: Date, sentAt: Date?) {
        self.id = id
        self.chatID = chatID
        self.priority = priority
        self.action = action
        self.state = state
        self.attempts = attempts
        self.updateID = updateID
        self.dedupeKey = dedupeKey
        self.notBefore = notBefore
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }

    /// The text of a message row, if it is one.
    public var text: String? {
        if case .message(let text, _) = action { return text }
        return nil
    }
}

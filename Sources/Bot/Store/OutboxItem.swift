import Foundation

/// A pending outbox row as Delivery sees it.
public struct OutboxItem: Sendable, Equatable {
    public var id: Int64
    public var chatID: Int64
    public var priority: Int
    public var action: OutboxAction
    public var attempts: Int
    public var createdAt: Date

    package init(id: Int64, chatID: Int64, priority: Int, action: OutboxAction, attempts: Int, createdAt: Date) {
        self.id = id
        self.chatID = chatID
        self.priority = priority
        self.action = action
        self.attempts = attempts
        self.createdAt = createdAt
    }
}

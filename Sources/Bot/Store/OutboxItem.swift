import Foundation

/// A pending outbox row as Delivery sees it.
public struct OutboxItem: Sendable, Equatable {
    public var id: Int64
    public var chatID: Int64
    public var priority: Int
    public var action: OutboxAction
    public var attempts: Int
    public var createdAt: Date
}

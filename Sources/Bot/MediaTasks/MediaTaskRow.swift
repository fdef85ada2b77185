import Foundation

/// A media task as stored (tests, admin views).
public struct MediaTaskRow: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var state: String
    public var attempts: Int
    /// When the task last changed state (finished, for a done task): /export counts one a day by it.
    public var updatedAt: Date?

    package init(id: Int64, kind: String, state: String, attempts: Int, updatedAt: Date? = nil) {
        self.id = id
        self.kind = kind
        self.state = state
        self.attempts = attempts
        self.updatedAt = updatedAt
    }
}

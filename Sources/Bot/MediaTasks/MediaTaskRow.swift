import Foundation

/// A media task as stored (tests, admin views).
public struct MediaTaskRow: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var state: String
    public var attempts: Int

    package init(id: Int64, kind: String, state: String, attempts: Int) {
        self.id = id
        self.kind = kind
        self.state = state
        self.attempts = attempts
    }
}

import Foundation

/// A media task as stored (tests, admin views).
public struct MediaTaskRow: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var state: String
    public var attempts: Int
}

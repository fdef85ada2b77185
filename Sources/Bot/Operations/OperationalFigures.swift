import Foundation

/// Gauges read at scrape time, so the hot paths count nothing for them.
public struct OperationalFigures: Sendable, Equatable {
    public var outboxPending: Int
    public var mediaTasks: [String: Int]
    public var mediaBytes: Int64
    public var users: Int
}

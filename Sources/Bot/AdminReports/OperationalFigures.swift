import Foundation

/// Gauges read at scrape time, so the hot paths count nothing for them.
public struct OperationalFigures: Sendable, Equatable {
    public var outboxPending: Int
    public var mediaTasks: [String: Int]
    public var mediaBytes: Int64
    public var users: Int

    package init(outboxPending: Int, mediaTasks: [String: Int], mediaBytes: Int64, users: Int) {
        self.outboxPending = outboxPending
        self.mediaTasks = mediaTasks
        self.mediaBytes = mediaBytes
        self.users = users
    }
}

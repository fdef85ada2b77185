import Foundation

/// What the monitor saw in one look.
package struct AlertReading: Sendable, Equatable {
    /// Errors logged within the window.
    var errors: Int
    /// 429 replies within the window.
    var rateLimits: Int
    /// Outbox rows due for longer than the backlog age.
    var backlog: Int
    /// Free space on the data directory's disk, percent; nil when it could not be read.
    var diskFreePercent: Double?
    /// How old the newest backup is; nil when daily backups are off.
    var backupAge: TimeInterval?

    init(errors: Int, rateLimits: Int, backlog: Int, diskFreePercent: Double?, backupAge: TimeInterval? = nil) {
        self.errors = errors
        self.rateLimits = rateLimits
        self.backlog = backlog
        self.diskFreePercent = diskFreePercent
        self.backupAge = backupAge
    }
}

import Foundation

/// When the monitor opens an incident and tells the admins. Every value has a sensible default
/// and a `SOGRETO_ALERT_*` variable.
package struct AlertThresholds: Sendable, Equatable {
    /// Errors logged within `window` that make an error burst.
    var errorBurst = 20
    /// Telegram 429 replies within `window` that count as being rate-limited repeatedly.
    var rateLimits = 10
    /// Outbox rows due for longer than `backlogAge` that make a delivery backlog.
    var backlogRows = 200
    /// How long a due message may wait before it counts towards the backlog.
    var backlogAge: TimeInterval = 120
    /// Free space on the data directory's disk below this share (percent) is "disk nearly full".
    var diskFreePercent = 10
    /// The sliding window for counted events.
    var window: TimeInterval = 300
    /// How often the monitor looks.
    var checkInterval: TimeInterval = 30
    /// The newest backup older than this (daily backups on) means backups are failing.
    var backupMaxAge: TimeInterval = 26 * 3600
    /// How long a condition must stay clear before its incident is resolved (no flapping).
    var quietPeriod: TimeInterval = 120

    init() {}

    init(_ reader: VariableReader) throws {
        errorBurst = try reader.integer("SOGRETO_ALERT_ERRORS", default: errorBurst, range: 1...1_000_000)
        rateLimits = try reader.integer("SOGRETO_ALERT_429S", default: rateLimits, range: 1...1_000_000)
        backlogRows = try reader.integer("SOGRETO_ALERT_BACKLOG", default: backlogRows, range: 1...10_000_000)
        backlogAge = TimeInterval(try reader.integer("SOGRETO_ALERT_BACKLOG_AGE_S", default: Int(backlogAge), range: 1...86_400))
        diskFreePercent = try reader.integer("SOGRETO_ALERT_DISK_FREE_PERCENT", default: diskFreePercent, range: 0...99)
        backupMaxAge = TimeInterval(try reader.integer("SOGRETO_ALERT_BACKUP_AGE_H", default: 26, range: 1...24 * 365) * 3600)
        window = TimeInterval(try reader.integer("SOGRETO_ALERT_WINDOW_S", default: Int(window), range: 10...86_400))
    }
}

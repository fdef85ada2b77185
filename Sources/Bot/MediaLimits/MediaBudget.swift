import Foundation

/// The global media budget (`SOGRETO_MEDIA_BUDGET_MB`): at 90 % admins get one Telegram alert per
/// crossing; at 100 % new uploads are refused kindly and nothing stored is touched.
public struct MediaBudget: Sendable, Equatable {
    public var bytes: Int64

    public init(bytes: Int64) {
        self.bytes = bytes
    }

    /// `megabytes` MiB.
    public init(megabytes: Int) {
        self.bytes = Int64(megabytes) * 1024 * 1024
    }

    /// Use at or above this fraction warns the admins.
    static let warningFraction = 0.9
    /// After a warning, use must fall below this fraction before the next crossing warns again,
    /// so a store hovering around 90 % does not alert on every upload and deletion.
    static let rearmFraction = 0.85

    public enum Level: String, Codable, Sendable {
        case normal, warning, full
    }

    public struct Usage: Codable, Sendable, Equatable {
        public var budgetBytes: Int64
        public var usedBytes: Int64
        public var fraction: Double
        public var level: Level
    }

    public func usage(of used: Int64) -> Usage {
        let fraction = bytes > 0 ? Double(used) / Double(bytes) : 1
        let level: Level = fraction >= 1 ? .full : fraction >= Self.warningFraction ? .warning : .normal
        return Usage(budgetBytes: bytes, usedBytes: used, fraction: fraction, level: level)
    }

    /// Whether an upload of `incoming` bytes fits: a full budget refuses, nothing else does.
    public func admits(_ incoming: Int64, used: Int64) -> Bool {
        used + incoming <= bytes
    }

    /// What the alert latch does at this use: warn once when crossing 90 %, re-arm below 85 %.
    /// `armed` is true while no warning has been sent for the current crossing.
    public func alertStep(used: Int64, armed: Bool) -> (warn: Bool, armed: Bool) {
        let fraction = usage(of: used).fraction
        if armed && fraction >= Self.warningFraction { return (true, false) }
        if !armed && fraction < Self.rearmFraction { return (false, true) }
        return (false, armed)
    }
}

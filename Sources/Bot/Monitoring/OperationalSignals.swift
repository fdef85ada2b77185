import Foundation
import Logging

/// Counts the events the alert monitor watches for, as the log shows them: errors, and Telegram's
/// 429s (Delivery logs each with `retry_after_s`). Fed by `SignalLogHandler`, read by `AlertMonitor`.
public final class OperationalSignals: @unchecked Sendable {
    // @unchecked Sendable: `errors` and `rateLimits` are only touched under `lock`.
    private let lock = NSLock()
    private var errors: [Date] = []
    private var rateLimits: [Date] = []
    private let clock: any BotClock
    /// Older events than this are forgotten, which also bounds memory.
    private let horizon: TimeInterval
    private static let maxEvents = 100_000

    /// The metadata key OutboxDelivery puts on its "Telegram asked to slow down" warning.
    static let rateLimitMetadataKey = "retry_after_s"

    public init(clock: any BotClock, horizon: TimeInterval = 3600) {
        self.clock = clock
        self.horizon = horizon
    }

    /// Records one log event if it is one the monitor counts.
    func observe(level: Logger.Level, metadata: Logger.Metadata?) {
        let isRateLimit = metadata?[Self.rateLimitMetadataKey] != nil
        guard level >= .error || isRateLimit else { return }
        let now = clock.now()
        lock.withLock {
            if level >= .error { Self.append(now, to: &errors, horizon: horizon) }
            if isRateLimit { Self.append(now, to: &rateLimits, horizon: horizon) }
        }
    }

    func errorCount(since start: Date) -> Int { lock.withLock { errors.count { $0 >= start } } }
    func rateLimitCount(since start: Date) -> Int { lock.withLock { rateLimits.count { $0 >= start } } }

    private static func append(_ date: Date, to events: inout [Date], horizon: TimeInterval) {
        events.append(date)
        if events.count > maxEvents || (events.first.map { date.timeIntervalSince($0) > horizon } ?? false) {
            events.removeAll { date.timeIntervalSince($0) > horizon }
            if events.count > maxEvents { events.removeFirst(events.count - maxEvents) }
        }
    }
}

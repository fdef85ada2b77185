import Foundation

/// How fast Delivery may talk to Telegram. The defaults stay under Telegram's published limits
/// (30 msg/s overall with bursts of 30; 1 msg/s per chat with bursts of 3): the steady rates are
/// Telegram's, the bursts smaller, so network jitter between our clock and Telegram's never
/// makes a message arrive before its slot.
public struct DeliveryLimits: Sendable {
    var overallPerSecond: Double = 30
    var overallBurst: Double = 20
    var perChatPerSecond: Double = 1
    var perChatBurst: Double = 2
    /// The longest a 429's `retry_after` is honoured before trying again anyway.
    var maxRetryAfter: TimeInterval = 60
    /// Attempts before a message is given up (its chat's later messages wait behind it until then).
    var maxAttempts: Int = 8
    /// The pause before a failed message's second attempt; it doubles with each failure…
    var firstRetryDelay: TimeInterval = 1
    /// …up to this.
    var maxRetryDelay: TimeInterval = 300
    /// Requests in flight at once (each to a different chat).
    package var concurrency: Int = 16 {
        didSet { refillBatch = Self.refillBatch(for: concurrency) }
    }
    /// Free slots Delivery waits for, once some are busy, before it reads the outbox again
    /// (a few milliseconds at fan-out rates; at 30 msg/s slots are rarely all busy).
    private(set) var refillBatch = DeliveryLimits.refillBatch(for: 16)

    private static func refillBatch(for concurrency: Int) -> Int { max(1, concurrency / 8) }

    public init() {}

    /// For benchmarks against an emulator with flood limits lifted.
    package static var unlimited: DeliveryLimits {
        var limits = DeliveryLimits()
        limits.overallPerSecond = 1_000_000
        limits.overallBurst = 1_000_000
        limits.perChatPerSecond = 1_000_000
        limits.perChatBurst = 1_000_000
        limits.concurrency = 64
        return limits
    }
}

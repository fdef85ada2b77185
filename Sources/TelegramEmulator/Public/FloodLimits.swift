import Foundation

/// Telegram's flood control as token buckets: a request that finds a bucket empty is refused
/// with 429 and `retry_after`, and nothing is delivered.
public struct FloodLimits: Sendable, Equatable {
    /// A bucket that holds `burst` messages and refills at `perSecond`.
    public struct Rate: Sendable, Equatable {
        public var burst: Int
        public var perSecond: Double
        public init(burst: Int, perSecond: Double) {
            self.burst = burst
            self.perSecond = perSecond
        }
    }

    /// All messages the bot sends, across chats.
    public var overall: Rate?
    /// Messages into one chat (private or group).
    public var perChat: Rate?
    /// Messages into one group or supergroup, on top of `perChat`.
    public var perGroup: Rate?

    public init(overall: Rate?, perChat: Rate?, perGroup: Rate?) {
        self.overall = overall
        self.perChat = perChat
        self.perGroup = perGroup
    }

    /// Telegram's published limits: about 30 messages per second overall, about one per second
    /// per chat with a burst of three, 20 per minute per group.
    public static let telegram = FloodLimits(
        overall: Rate(burst: 30, perSecond: 30),
        perChat: Rate(burst: 3, perSecond: 1),
        perGroup: Rate(burst: 20, perSecond: 20.0 / 60.0)
    )

    /// No flood control at all, for benchmarks.
    public static let none = FloodLimits(overall: nil, perChat: nil, perGroup: nil)
}

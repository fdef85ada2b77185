import Foundation

/// Paces chat messages under an overall rate and a per-chat rate, both with bursts.
struct Pacer {
    private let limits: DeliveryLimits
    private var overall: TokenBucket
    private var chats: [Int64: TokenBucket] = [:]
    private var reservations = 0
    /// Set for a pacer that starts with no burst: every bucket is as if emptied at this moment.
    private let emptiedAt: Date?

    /// With `startingEmpty`, no burst at first (a new leader: the one before may have just spent
    /// Telegram's burst, overall and in a chat); full buckets after one burst's worth of time.
    init(limits: DeliveryLimits, now: Date, startingEmpty: Bool = false) {
        self.limits = limits
        emptiedAt = startingEmpty ? now : nil
        self.overall = TokenBucket(capacity: limits.overallBurst, rate: limits.overallPerSecond, now: now, empty: startingEmpty)
    }

    /// Takes a slot for `chatID` now and returns nil, or returns when to ask again.
    mutating func reserve(chatID: Int64, now: Date) -> Date? {
        var chat = chats[chatID] ?? TokenBucket(capacity: limits.perChatBurst, rate: limits.perChatPerSecond,
                                                now: emptiedAt ?? now, empty: emptiedAt != nil)
        let chatReady = chat.availableAt(now)
        let overallReady = overall.availableAt(now)
        guard chatReady <= now, overallReady <= now else {
            chats[chatID] = chat
            return max(chatReady, overallReady)
        }
        _ = chat.take(now)
        _ = overall.take(now)
        chats[chatID] = chat
        reservations += 1
        if reservations % 5_000 == 0 { forgetIdleChats(now) }
        return nil
    }

    private mutating func forgetIdleChats(_ now: Date) {
        chats = chats.filter { _, bucket in
            var bucket = bucket
            return !bucket.isFull(now)
        }
    }
}

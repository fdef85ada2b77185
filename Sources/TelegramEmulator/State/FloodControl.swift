import Foundation

/// Token buckets for Telegram's flood limits. A message is admitted only when every bucket it
/// draws from has a whole token; a refused message takes nothing, so a bot that paces itself at
/// the published rates never sees 429.
struct FloodControl {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Double
    }

    var limits: FloodLimits
    private var overall: Bucket?
    private var perChat: [Int64: Bucket] = [:]
    private var perGroup: [Int64: Bucket] = [:]

    /// Requests travel over separate connections and may arrive a few milliseconds out of the
    /// order the bot sent them in; this much refill time is forgiven so exact pacing stays legal.
    static let toleranceSeconds = 0.010

    init(limits: FloodLimits) {
        self.limits = limits
    }

    /// Admits one message into `chatID` at `now` (seconds on a monotonic clock), or returns the
    /// whole seconds (≥ 1) the bot must wait.
    mutating func admit(chatID: Int64, isGroup: Bool, now: Double) -> Int? {
        var wait = 0.0
        var overallBucket = overall
        var chatBucket = perChat[chatID]
        var groupBucket = perGroup[chatID]
        if let rate = limits.overall { wait = max(wait, Self.refill(&overallBucket, rate, now)) }
        if let rate = limits.perChat { wait = max(wait, Self.refill(&chatBucket, rate, now)) }
        if isGroup, let rate = limits.perGroup { wait = max(wait, Self.refill(&groupBucket, rate, now)) }
        if wait > 0 { return max(1, Int(wait.rounded(.up))) }
        if limits.overall != nil { overallBucket?.tokens -= 1; overall = overallBucket }
        if limits.perChat != nil { chatBucket?.tokens -= 1; perChat[chatID] = chatBucket }
        if isGroup, limits.perGroup != nil { groupBucket?.tokens -= 1; perGroup[chatID] = groupBucket }
        return nil
    }

    /// Brings a bucket up to `now` and returns how long until it holds one token (0 if it does).
    private static func refill(_ bucket: inout Bucket?, _ rate: FloodLimits.Rate, _ now: Double) -> Double {
        var current = bucket ?? Bucket(tokens: Double(rate.burst), updatedAt: now)
        current.tokens = min(Double(rate.burst), current.tokens + (now - current.updatedAt) * rate.perSecond)
        current.updatedAt = now
        bucket = current
        let missing = 1 - current.tokens - toleranceSeconds * rate.perSecond
        return missing > 0 ? missing / rate.perSecond : 0
    }
}

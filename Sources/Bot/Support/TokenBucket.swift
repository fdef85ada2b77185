import Foundation

/// A token bucket: `capacity` tokens, refilled at `rate` per second.
struct TokenBucket: Sendable, Equatable {
    let capacity: Double
    let rate: Double
    private(set) var tokens: Double
    private(set) var updated: Date

    /// A full bucket, or with `empty` one that starts filling at `now`.
    init(capacity: Double, rate: Double, now: Date, empty: Bool = false) {
        self.capacity = capacity
        self.rate = rate
        self.tokens = empty ? 0 : capacity
        self.updated = now
    }

    mutating func refill(_ now: Date) {
        let elapsed = max(0, now.timeIntervalSince(updated))
        tokens = min(capacity, tokens + elapsed * rate)
        updated = now
    }

    /// Takes a token if one is available now.
    mutating func take(_ now: Date) -> Bool {
        refill(now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// When a token will be available, without taking it.
    mutating func availableAt(_ now: Date) -> Date {
        refill(now)
        if tokens >= 1 { return now }
        return now.addingTimeInterval((1 - tokens) / rate)
    }

    mutating func isFull(_ now: Date) -> Bool {
        refill(now)
        return tokens >= capacity
    }
}

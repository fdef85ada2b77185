import Foundation

/// Per-user flood protection: a token bucket per user. The first update over the limit gets one
/// calm notice; the rest are ignored until the user slows down. Other users are unaffected.
public actor UserRateLimiter {
    private struct Entry {
        var bucket: TokenBucket
        var notified: Bool
    }

    private let capacity: Double
    private let rate: Double
    private var entries: [Int64: Entry] = [:]
    private var admissionsSinceSweep = 0

    /// Default: bursts of 20 updates (tapping through a stage), then one a second on average.
    init(capacity: Double = 20, perSecond rate: Double = 1) {
        self.capacity = capacity
        self.rate = rate
    }

    func admit(_ userID: Int64, now: Date) -> Admission {
        sweepIfDue(now)
        var entry = entries[userID] ?? Entry(bucket: TokenBucket(capacity: capacity, rate: rate, now: now), notified: false)
        defer { entries[userID] = entry }
        if entry.bucket.take(now) {
            // Forgive once the user has slowed down enough to refill half the bucket.
            if entry.notified, entry.bucket.tokens >= capacity / 2 { entry.notified = false }
            return .allowed
        }
        if entry.notified { return .ignored }
        entry.notified = true
        return .firstRejection
    }

    /// Idle users' buckets are full again: forget them so memory stays bounded.
    private func sweepIfDue(_ now: Date) {
        admissionsSinceSweep += 1
        guard admissionsSinceSweep >= 10_000 else { return }
        admissionsSinceSweep = 0
        entries = entries.filter { _, entry in
            var bucket = entry.bucket
            return !bucket.isFull(now) || entry.notified
        }
    }
}

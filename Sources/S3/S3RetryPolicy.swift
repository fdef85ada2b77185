/// How often and how patiently a request is sent again after 5xx, a timeout or a dropped
/// connection: `attempts` in all, waiting `firstDelay`, then twice as long each time, at most `maxDelay`.
public struct S3RetryPolicy: Sendable, Equatable {
    public var attempts: Int
    public var firstDelay: Duration
    public var maxDelay: Duration

    public init(attempts: Int = 4, firstDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(3)) {
        self.attempts = max(1, attempts)
        self.firstDelay = firstDelay
        self.maxDelay = maxDelay
    }

    /// The wait before attempt `attempt` (2, 3, …).
    func delay(before attempt: Int) -> Duration {
        var delay = firstDelay
        for _ in 0..<max(0, attempt - 2) {
            delay = delay * 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }
}

/// How long one exchange may take: to connect, to answer a request without a body to move, and
/// without a byte moving during an upload or download (libcurl judges speed over its last five
/// seconds or so, so a stall right after a burst is noticed up to that much later).
public struct S3Timeouts: Sendable, Equatable {
    public var connect: Double
    public var reply: Double
    public var stall: Double
    /// The whole of one upload or download.
    public var transfer: Double

    public init(connect: Double = 5, reply: Double = 30, stall: Double = 20, transfer: Double = 600) {
        self.connect = connect
        self.reply = reply
        self.stall = stall
        self.transfer = transfer
    }
}

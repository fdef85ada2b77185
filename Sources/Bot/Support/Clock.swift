import Foundation

/// The source of "now" and of sleeping for everything in the bot: production uses the system
/// clock, tests and the sandbox use a clock they move by hand.
public protocol BotClock: Sendable {
    func now() -> Date
    /// Sleeps until `deadline` or until the clock is moved past it; throws on cancellation.
    func sleep(until deadline: Date) async throws
}

/// Wall-clock time.
public struct SystemClock: BotClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
    }
}

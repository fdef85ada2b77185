import Bot
import Foundation
import NIOConcurrencyHelpers

/// Moves the sandbox's clock ahead the way time would pass for the bot: it stops at every
/// reminder job and every held-back message that falls due on the way, waits there until the
/// bot's own scheduler and delivery (woken by the jump) have sent it, and only then goes on.
///
/// One jump straight to the end would make every reminder on the way hours or days late, and
/// the scheduler rightly treats late jobs as downtime (one "welcome back" instead of each
/// reminder). Stopping at each due time keeps the bot's logic untouched: reminders, stage unlocks
/// and quiet-hour releases arrive on their day, dated as Telegram would date them.
struct TimeTravel: Sendable {
    let clock: SandboxClock
    let database: any Store
    /// How long one stop may take before the journey gives up with a sentence (Delivery paces
    /// messages per chat, so a stop with many messages takes a few seconds).
    var stopTimeout: Duration = .seconds(20)
    /// How often a stop checks whether the bot has caught up.
    var checkInterval: Duration = .milliseconds(20)
    /// A guard against a bot that keeps planning jobs due "now": no journey needs this many stops.
    static let maxStops = 1_000
    /// Set while a journey runs: two at once (two browser tabs) would each stop at the other's
    /// reminders and end at an offset neither asked for.
    private let travelling = NIOLockedValueBox(false)

    init(clock: SandboxClock, database: any Store) {
        self.clock = clock
        self.database = database
    }

    /// Moves the clock ahead by `interval` seconds; returns how many stops it made on the way.
    @discardableResult
    func travel(by interval: TimeInterval) async throws(SandboxError) -> Int {
        guard interval > 0, interval.isFinite else {
            throw SandboxError("Time can only move forward: advance by a positive number of seconds.")
        }
        let alreadyTravelling = travelling.withLockedValue { busy in
            defer { busy = true }
            return busy
        }
        guard !alreadyTravelling else {
            throw SandboxError("The clock is already moving ahead; wait until it arrives, then advance again.")
        }
        defer { travelling.withLockedValue { $0 = false } }
        // The end is an offset, not a date: real time keeps running during the journey, and
        // "a day ahead" means the clock ends a day ahead of real time.
        let targetOffset = clock.offset + interval
        var stops = 0
        while true {
            try await catchUp()
            let end = clock.now().addingTimeInterval(targetOffset - clock.offset)
            guard let stop = try await nextStop(before: end) else { break }
            guard stops < Self.maxStops else {
                throw SandboxError("Time travel stopped after \(Self.maxStops) reminders on the way; the bot keeps planning more.")
            }
            clock.advance(to: stop)
            stops += 1
        }
        let rest = targetOffset - clock.offset
        if rest > 0 { try clock.advance(by: rest) }
        try await catchUp()
        return stops
    }

    /// The earliest job or held-back message due after now and no later than `end`.
    private func nextStop(before end: Date) async throws(SandboxError) -> Date? {
        let now = clock.now()
        let candidates = try await dueTimes().compactMap { $0 }
        return candidates.filter { $0 > now && $0 <= end }.min()
    }

    /// Waits until nothing is due any more: the scheduler claimed every due job and Delivery sent
    /// every due message. Both are woken by the clock's jump; this only watches the database.
    private func catchUp() async throws(SandboxError) {
        let deadline = ContinuousClock.now.advanced(by: stopTimeout)
        while true {
            let now = clock.now()
            let due = try await dueTimes().compactMap { $0 }
            if !due.contains(where: { $0 <= now }) { return }
            guard ContinuousClock.now < deadline else {
                throw SandboxError(
                    "The bot did not send what was due within \(stopTimeout.components.seconds) seconds; the clock stopped at \(now.formatted(.iso8601)).")
            }
            // A real-time pause (not the sandbox clock): the bot's services need real time to run.
            do { try await Task.sleep(for: checkInterval) } catch {
                throw SandboxError("Time travel was cancelled.")
            }
        }
    }

    private func dueTimes() async throws(SandboxError) -> [Date?] {
        do {
            return [try await database.nextJobDue(), try await database.nextOutboxDue()]
        } catch {
            throw SandboxError("The bot's database cannot be read: \(error.localizedDescription).")
        }
    }
}

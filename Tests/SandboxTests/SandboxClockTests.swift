import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import Sandbox

@Suite("The sandbox's clock: real time plus an offset that time travel moves")
struct SandboxClockTests {
    @Test func nowIsRealTimePlusTheOffset() throws {
        // Given a clock over a fixed real time
        let real = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = SandboxClock(realNow: { real })
        #expect(clock.now() == real)

        // When it is advanced by a day and then an hour
        try clock.advance(by: 86_400)
        try clock.advance(by: 3_600)

        // Then now is that far ahead of real time
        #expect(clock.now() == real.addingTimeInterval(90_000))
        #expect(clock.offset == 90_000)
    }

    @Test func timeOnlyMovesForward() {
        let clock = SandboxClock()
        #expect(throws: SandboxError.self) { try clock.advance(by: -60) }
        #expect(throws: SandboxError.self) { try clock.advance(by: 0) }
        #expect(throws: SandboxError.self) { try clock.advance(by: .infinity) }
        #expect(clock.offset == 0)
    }

    @Test func aSleeperWakesAsSoonAsTimeTravelPassesItsDeadline() async throws {
        // Given a task sleeping until tomorrow
        let clock = SandboxClock()
        let deadline = clock.now().addingTimeInterval(86_400)
        let started = ContinuousClock.now
        let sleeper = Task { try await clock.sleep(until: deadline) }
        try await waitUntil { clock.sleeperCount == 1 }

        // When the clock jumps a day and a minute ahead
        try clock.advance(by: 86_460)

        // Then the sleeper returns at once, not tomorrow
        try await sleeper.value
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(clock.now() >= deadline)
    }

    @Test func aJumpShortOfTheDeadlineLeavesTheSleeperWaiting() async throws {
        // Given a task sleeping for two days
        let clock = SandboxClock()
        let woke = NIOLockedValueBox(false)
        let sleeper = Task {
            try await clock.sleep(until: clock.now().addingTimeInterval(2 * 86_400))
            woke.withLockedValue { $0 = true }
        }
        try await waitUntil { clock.sleeperCount == 1 }

        // When the clock moves only one day
        try clock.advance(by: 86_400)

        // Then it re-checks and keeps sleeping, and cancelling it leaves no sleeper behind
        try await waitUntil { clock.sleeperCount == 1 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(woke.withLockedValue { $0 } == false)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        try await waitUntil { clock.sleeperCount == 0 }
    }

    @Test func aPastDeadlineReturnsAtOnce() async throws {
        let clock = SandboxClock()
        try await clock.sleep(until: clock.now().addingTimeInterval(-1))
        #expect(clock.sleeperCount == 0)
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while !condition() {
            guard ContinuousClock.now < deadline else { throw SandboxTestFailure("The condition never held.") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

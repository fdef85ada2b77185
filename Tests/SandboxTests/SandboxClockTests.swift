import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import Sandbox
import TestSupport

@Suite("The sandbox's clock: real time plus an offset that time travel moves", .timeLimit(.minutes(3)))
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
        // Given a task sleeping until tomorrow on a clock whose real time stands still, so only
        // time travel can ever wake it (no race with the wall clock, however loaded the machine)
        let clock = SandboxClock(realNow: { Self.realNow })
        let deadline = clock.now().addingTimeInterval(86_400)
        let sleeper = Task { try await clock.sleep(until: deadline) }
        try #require(try await eventually(within: .seconds(120)) { clock.sleeperCount == 1 })

        // When the clock jumps a day and a minute ahead
        try clock.advance(by: 86_460)

        // Then the sleeper returns (bounded: a broken wake-up fails instead of hanging)
        try await finishes(sleeper)
        #expect(clock.now() >= deadline)
        #expect(clock.sleeperCount == 0)
    }

    @Test func aJumpShortOfTheDeadlineLeavesTheSleeperWaiting() async throws {
        // Given a task sleeping for two days
        let clock = SandboxClock(realNow: { Self.realNow })
        let woke = NIOLockedValueBox(false)
        let sleeper = Task {
            try await clock.sleep(until: clock.now().addingTimeInterval(2 * 86_400))
            woke.withLockedValue { $0 = true }
        }
        try #require(try await eventually(within: .seconds(120)) { clock.sleeperCount == 1 })

        // When the clock moves only one day
        try clock.advance(by: 86_400)

        // Then the sleeper is woken, re-checks its deadline and waits again (the jump removed it,
        // so being registered again proves it re-checked), without having returned
        try #require(try await eventually(within: .seconds(120)) { clock.sleeperCount == 1 })
        #expect(woke.withLockedValue { $0 } == false)

        // And cancelling it ends it with CancellationError and leaves no sleeper behind
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func advancingToADateMovesOnlyForward() {
        let clock = SandboxClock(realNow: { Self.realNow })
        clock.advance(to: Self.realNow.addingTimeInterval(3_600))
        #expect(clock.offset == 3_600)
        clock.advance(to: Self.realNow)
        #expect(clock.offset == 3_600)
    }

    @Test func aPastDeadlineReturnsAtOnce() async throws {
        let clock = SandboxClock(realNow: { Self.realNow })
        try await clock.sleep(until: clock.now().addingTimeInterval(-1))
        #expect(clock.sleeperCount == 0)
    }

    private static let realNow = Date(timeIntervalSince1970: 1_800_000_000)

    private func finishes(_ task: Task<Void, any Error>) async throws {
        let done = NIOLockedValueBox(false)
        let watcher = Task {
            try await task.value
            done.withLockedValue { $0 = true }
        }
        try #require(try await eventually(within: .seconds(120)) { done.withLockedValue { $0 } })
        try await watcher.value
    }
}

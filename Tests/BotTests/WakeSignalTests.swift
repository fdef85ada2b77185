import Foundation
import Testing
@testable import Bot
import TestSupport

@Suite struct WakeSignalTests {
    @Test(.timeLimit(.minutes(1))) func workDueAfterTheDeadlineLetsTheWaiterSleepAndEarlierWorkWakesIt() async throws {
        // Given a service sleeping until an hour from now
        let clock = ManualClock()
        let wake = WakeSignal()
        let deadline = clock.now().addingTimeInterval(3600)
        let waiting = Task { await wake.wait(until: deadline, clock: clock) }
        #expect(try await eventually { await wake.isWaiting })
        // When work comes that is due after its deadline, or at it
        await wake.signal(dueAt: deadline.addingTimeInterval(3600))
        await wake.signal(dueAt: deadline)
        // Then it sleeps on (it looks for that work when it wakes anyway)
        #expect(await wake.isWaiting)
        // When work comes that is due before its deadline
        await wake.signal(dueAt: deadline.addingTimeInterval(-1))
        // Then it wakes, with the clock not moved
        await waiting.value
        #expect(clock.now() < deadline)
    }

    @Test(.timeLimit(.minutes(1))) func workDueAnyTimeWakesAWaiterWithoutADeadlineOrIsKeptForTheNextWait() async throws {
        let clock = ManualClock()
        let wake = WakeSignal()
        // Given a service sleeping until signalled: any work wakes it
        let waiting = Task { await wake.wait(until: nil, clock: clock) }
        #expect(try await eventually { await wake.isWaiting })
        await wake.signal(dueAt: clock.now().addingTimeInterval(86_400))
        await waiting.value
        // Given a service busy (not waiting): the signal is kept and its next wait returns at once
        await wake.signal(dueAt: clock.now().addingTimeInterval(86_400))
        await wake.wait(until: clock.now().addingTimeInterval(3600), clock: clock)
        #expect(await !wake.isWaiting)
    }
}

import Foundation
import Testing
@testable import Bot

@Suite struct SystemClockTests {
    @Test func sleepingUntilThePastReturnsAtOnce() async throws {
        let clock = SystemClock()
        let before = clock.now()
        try await clock.sleep(until: before.addingTimeInterval(-10))
        #expect(clock.now().timeIntervalSince(before) < 1)
    }
}

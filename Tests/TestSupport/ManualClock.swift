import Bot
import Foundation
import NIOConcurrencyHelpers

/// The one test clock: it moves only when the test moves it, and sleepers wake when it passes
/// their deadline or when their task is cancelled.
public final class ManualClock: BotClock, Sendable {
    private struct State {
        var current: Date
        var sleepers: [UUID: (deadline: Date, continuation: CheckedContinuation<Void, Never>)] = [:]
    }

    private let state: NIOLockedValueBox<State>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        state = NIOLockedValueBox(State(current: start))
    }

    public func now() -> Date { state.withLockedValue { $0.current } }

    public func sleep(until deadline: Date) async throws {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let parked = state.withLockedValue { state in
                    guard deadline > state.current, !Task.isCancelled else { return false }
                    state.sleepers[id] = (deadline, continuation)
                    return true
                }
                if !parked { continuation.resume() }
            }
        } onCancel: {
            state.withLockedValue { $0.sleepers.removeValue(forKey: id) }?.continuation.resume()
        }
        try Task.checkCancellation()
    }

    /// When each sleeper wants to wake, earliest first.
    public var sleeperDeadlines: [Date] { state.withLockedValue { $0.sleepers.values.map(\.deadline).sorted() } }

    /// True when someone sleeps until exactly `deadline` (a test waits for it before moving time).
    public func hasSleeper(until deadline: Date) -> Bool {
        state.withLockedValue { $0.sleepers.values.contains { $0.deadline == deadline } }
    }

    public func advance(by seconds: TimeInterval) { advance(to: now().addingTimeInterval(seconds)) }

    /// Moves the clock to `date` (backwards too) and wakes everyone whose deadline it reached.
    public func advance(to date: Date) {
        let due = state.withLockedValue { state in
            state.current = date
            let due = state.sleepers.filter { $0.value.deadline <= date }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        due.forEach { $0.resume() }
    }
}

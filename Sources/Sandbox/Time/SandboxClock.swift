import Bot
package import Foundation
import NIOConcurrencyHelpers

/// The sandbox's time machine: real time plus an offset that only grows. The bot and the
/// emulator both read this one clock, so "advance by a day" moves every timestamp, every due
/// reminder and every sleeper at once.
package final class SandboxClock: BotClock {
    private struct State {
        var offset: TimeInterval = 0
        /// Bumped on every jump, so a sleeper that computed its wait before a jump notices it.
        var generation: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var nextSleeperID: UInt64 = 1
    }

    /// A sleeper's id is taken before it suspends, so cancellation can arrive in any order.
    private enum Sleeper {
        case registering
        case waiting(CheckedContinuation<Void, Never>)
        case cancelled
    }

    private let state = NIOLockedValueBox(State())
    private let realNow: @Sendable () -> Date

    /// `realNow` is the wall clock underneath (tests pass their own).
    package init(realNow: @escaping @Sendable () -> Date = { Date() }) {
        self.realNow = realNow
    }

    package func now() -> Date {
        realNow().addingTimeInterval(offset)
    }

    /// How far the clock has been moved ahead of real time.
    var offset: TimeInterval {
        state.withLockedValue { $0.offset }
    }

    /// Moves time forward; every sleeper wakes and re-checks its deadline against the new now.
    package func advance(by interval: TimeInterval) throws(SandboxError) {
        guard interval > 0, interval.isFinite else {
            throw SandboxError("Time can only move forward: advance by a positive number of seconds.")
        }
        let woken = state.withLockedValue { state in
            state.offset += interval
            state.generation &+= 1
            var woken: [CheckedContinuation<Void, Never>] = []
            for (id, sleeper) in state.sleepers {
                guard case .waiting(let continuation) = sleeper else { continue }
                woken.append(continuation)
                state.sleepers[id] = nil
            }
            return woken
        }
        for continuation in woken { continuation.resume() }
    }

    /// Moves time forward to `date` (nothing happens if the clock is already there or past it).
    package func advance(to date: Date) {
        let interval = date.timeIntervalSince(now())
        guard interval > 0, interval.isFinite else { return }
        // Cannot throw: the interval was checked just above.
        try? advance(by: interval)
    }

    package func sleep(until deadline: Date) async throws {
        while true {
            try Task.checkCancellation()
            let generation = state.withLockedValue { $0.generation }
            let remaining = deadline.timeIntervalSince(now())
            if remaining <= 0 { return }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(for: .seconds(remaining)) }
                group.addTask { await self.waitForJump(after: generation) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Returns on the next jump after `generation` (at once if one already happened) or on cancellation.
    private func waitForJump(after generation: UInt64) async {
        let id = state.withLockedValue { state in
            defer { state.nextSleeperID &+= 1 }
            state.sleepers[state.nextSleeperID] = .registering
            return state.nextSleeperID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLockedValue { state in
                    if case .registering? = state.sleepers[id], state.generation == generation {
                        state.sleepers[id] = .waiting(continuation)
                        return false
                    }
                    state.sleepers[id] = nil
                    return true
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                switch state.sleepers[id] {
                case .waiting(let continuation)?:
                    state.sleepers[id] = nil
                    return continuation
                case .registering?:
                    state.sleepers[id] = .cancelled
                    return nil
                case .cancelled?, nil:
                    return nil
                }
            }
            continuation?.resume()
        }
    }

    /// Sleepers currently suspended (for tests: none may be left behind).
    var sleeperCount: Int {
        state.withLockedValue { $0.sleepers.count }
    }
}

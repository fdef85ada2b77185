import NIOConcurrencyHelpers

/// Whether this instance is the delivery leader, and under which term.
public enum Leadership: Sendable, Equatable {
    case follower
    /// Elected; `term` grows with every election, so rows claimed under an old term are known.
    case leader(term: Int64)

    public var term: Int64? {
        if case .leader(let term) = self { return term }
        return nil
    }
}

/// The current leadership, readable at any moment and awaitable: every change reaches every
/// watcher (each `changes()` stream starts with the value at the time it was made).
final class LeadershipState: Sendable {
    private struct Box {
        var value: Leadership = .follower
        var watchers: [Int: AsyncStream<Leadership>.Continuation] = [:]
        var nextWatcher = 0
    }

    private let box = NIOLockedValueBox(Box())

    var current: Leadership { box.withLockedValue { $0.value } }

    // Watchers are told under the lock, so they see changes in the order they were made
    // (yielding to an unbounded stream never blocks).
    func set(_ value: Leadership) {
        box.withLockedValue { box in
            guard box.value != value else { return }
            box.value = value
            for watcher in box.watchers.values { watcher.yield(value) }
        }
    }

    /// Steps down only if still leading under `term` (a later term is left alone).
    func stepDown(from term: Int64) {
        box.withLockedValue { box in
            guard box.value == .leader(term: term) else { return }
            box.value = .follower
            for watcher in box.watchers.values { watcher.yield(.follower) }
        }
    }

    func changes() -> AsyncStream<Leadership> {
        let (stream, continuation) = AsyncStream<Leadership>.makeStream(bufferingPolicy: .unbounded)
        let id: Int = box.withLockedValue { box in
            let id = box.nextWatcher
            box.nextWatcher += 1
            box.watchers[id] = continuation
            continuation.yield(box.value)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.box.withLockedValue { _ = $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    func finish() {
        let watchers = box.withLockedValue { box in
            defer { box.watchers.removeAll() }
            return Array(box.watchers.values)
        }
        for watcher in watchers { watcher.finish() }
    }
}

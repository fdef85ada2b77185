import Foundation

/// Lets a service sleep until there is work (`signal()`) or a deadline passes, whichever is first.
public actor WakeSignal {
    private(set) var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    /// The deadline the waiter sleeps until (nil: until signalled).
    private var waiterDeadline: Date?
    private var generation = 0

    init() {}

    public func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    /// Wakes the service only for work due before the deadline it sleeps until: work due later is
    /// looked for when it wakes at that deadline anyway. Not waiting, it is a plain `signal()`.
    func signal(dueAt date: Date) {
        if waiter != nil, let waiterDeadline, waiterDeadline <= date { return }
        signal()
    }

    /// True while a service waits (tests wait for it before signalling).
    var isWaiting: Bool { waiter != nil }

    /// Returns at once if signalled since the last wait, else on the next signal, the deadline or cancellation.
    public func wait(until deadline: Date?, clock: any BotClock) async {
        if pending {
            pending = false
            return
        }
        generation += 1
        let current = generation
        var timer: Task<Void, Never>?
        if let deadline {
            timer = Task { [weak self] in
                try? await clock.sleep(until: deadline)
                await self?.timeout(current)
            }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    waiter = continuation
                    waiterDeadline = deadline
                }
            }
        } onCancel: {
            Task { await self.timeout(current) }
        }
        timer?.cancel()
    }

    private func timeout(_ expected: Int) {
        guard expected == generation, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }
}

import Bot
import Logging
import ServiceLifecycle

/// Wakes this instance's delivery, reminders and media workers for work another instance queued:
/// at once on the store's notifications (LISTEN/NOTIFY on outbox and media-task inserts), and every
/// `interval` as the fallback (notifications are lost while reconnecting; re-planned reminders
/// send none).
public struct SharedQueueWakes: ShortlyDescribedService {
    let url: DatabaseURL
    let wakes: [WakeSignal]
    let interval: Duration
    let logger: Logger

    public init(url: DatabaseURL, wakes: [WakeSignal], interval: Duration, logger: Logger) {
        self.url = url
        self.wakes = wakes
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let listeners = [WakeUpListener(url: url, channel: .outbox, logger: logger),
                         WakeUpListener(url: url, channel: .mediaTasks, logger: logger)]
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for listener in listeners {
                    group.addTask { await listener.run() }
                    group.addTask {
                        for await _ in listener.wakeUps { await signalAll() }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        await signalAll()
                    }
                }
            }
        }
    }

    private func signalAll() async {
        for wake in wakes { await wake.signal() }
    }

    public var description: String { "SharedQueueWakes" }
}

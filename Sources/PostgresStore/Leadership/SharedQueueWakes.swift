import Bot
import Logging
import ServiceLifecycle

/// Wakes this instance's delivery, reminders and media workers for work another instance queued:
/// at once on the store's notifications (LISTEN/NOTIFY on outbox and media-task inserts), and every
/// `interval` as the fallback (notifications are lost while reconnecting; re-planned reminders
/// send none).
public struct SharedQueueWakes: ShortlyDescribedService {
    let url: DatabaseURL
    let wakes: SharedQueueWakeSignals
    let interval: Duration
    let logger: Logger

    public init(url: DatabaseURL, wakes: SharedQueueWakeSignals, interval: Duration, logger: Logger) {
        self.url = url
        self.wakes = wakes
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let listeners = [(WakeUpListener(url: url, channel: .outbox, logger: logger), wakes.outbox),
                         (WakeUpListener(url: url, channel: .mediaTasks, logger: logger), wakes.mediaTasks)]
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for (listener, signals) in listeners {
                    group.addTask { await listener.run() }
                    group.addTask {
                        for await _ in listener.wakeUps { await signal(signals) }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        await signal(wakes.all)
                    }
                }
            }
        }
    }

    private func signal(_ signals: [WakeSignal]) async {
        for wake in signals { await wake.signal() }
    }

    public var description: String { "SharedQueueWakes" }
}

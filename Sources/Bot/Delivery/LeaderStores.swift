/// The leader's services rebuilt on the leader's own store (several instances on one database).
extension OutboxDelivery {
    /// Also without a first burst: each term's delivery starts right after another's may have
    /// spent it (Telegram counts both).
    func writing(to store: any Store) -> OutboxDelivery {
        var delivery = OutboxDelivery(client: client, database: store, clock: clock, wake: wake, limits: limits,
                                      dataDirectory: dataDirectory, blobs: blobs, logger: logger, metrics: metrics)
        delivery.startsWithoutBurst = true
        return delivery
    }
}

extension ReminderScheduler {
    func writing(to store: any Store) -> ReminderScheduler {
        var scheduler = ReminderScheduler(database: store, dispatcher: dispatcher, clock: clock, wake: wake, delivery: delivery,
                                          logger: logger, batchSize: batchSize)
        scheduler.experiments = experiments
        return scheduler
    }
}

extension BotRuntime {
    /// The wake-ups of the services that read shared queues (outbox, reminder jobs, media tasks):
    /// on a store shared by instances, work another instance queued reaches them only through
    /// these (the store's notifications, or polling).
    public var sharedQueueWakes: SharedQueueWakeSignals {
        SharedQueueWakeSignals(outbox: [delivery.wake], mediaTasks: [media.wake],
                               all: [delivery.wake, scheduler.wake, media.wake])
    }
}

/// Who wakes for what on a shared store: a queued message wakes only delivery and a recorded task
/// only the media workers (every reply woke the media workers of every instance and the scheduler,
/// each of which then read its queue for nothing); polling, the fallback, wakes all of them
/// (re-planned reminders send no notification).
public struct SharedQueueWakeSignals: Sendable {
    public var outbox: [WakeSignal]
    public var mediaTasks: [WakeSignal]
    public var all: [WakeSignal]

    init(outbox: [WakeSignal], mediaTasks: [WakeSignal], all: [WakeSignal]) {
        self.outbox = outbox
        self.mediaTasks = mediaTasks
        self.all = all
    }
}

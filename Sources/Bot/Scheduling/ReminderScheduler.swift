import Foundation
import Logging
import ServiceLifecycle

/// Fires due reminder jobs: sleeps until the earliest pending job (or until planning signals a
/// change), claims what is due in batches and hands the messages to Delivery through the outbox.
/// It never polls: with nothing due it sleeps on the injected clock.
package struct ReminderScheduler: Service {
    let database: any Store
    let dispatcher: ReminderDispatcher
    let clock: any BotClock
    /// Signalled when jobs may have changed (an update was applied).
    let wake: WakeSignal
    /// Signalled when messages were queued.
    let delivery: WakeSignal
    let logger: Logger
    /// Jobs claimed per transaction: large enough for throughput, small enough to keep the
    /// writer free for interactive updates between batches.
    let batchSize: Int
    /// Running experiments, read once per claim (nil: none declared).
    package var experiments: ExperimentBoardReader?

    init(database: any Store, dispatcher: ReminderDispatcher, clock: any BotClock, wake: WakeSignal,
                delivery: WakeSignal, logger: Logger, batchSize: Int = 50) {
        self.database = database
        self.dispatcher = dispatcher
        self.clock = clock
        self.wake = wake
        self.delivery = delivery
        self.logger = logger
        self.batchSize = batchSize
    }

    package func run() async throws {
        await withGracefulShutdownHandler {
            await fireUntilShutdown()
        } onGracefulShutdown: { [wake] in
            Task { await wake.signal() }
        }
    }

    private func fireUntilShutdown() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = clock.now()
            do {
                let fired = try await fireOnce(now: now)
                if fired.jobs == batchSize { continue } // more may be due: no sleep between batches
                let next = try await database.nextJobDue()
                await wake.wait(until: next, clock: clock)
            } catch {
                logger.error("reminder jobs unreadable", metadata: ["error": "\(ErrorSummary.of(error))"])
                await wake.wait(until: now.addingTimeInterval(5), clock: clock)
            }
        }
    }

    /// Claims one batch of due jobs; returns what it fired.
    @discardableResult
    package func fireOnce(now: Date) async throws -> FiredJobs {
        let dispatcher = dispatcher
        let board = await experiments?.board()
        let fired = try await database.fireDueJobs(now: now, limit: batchSize) { jobs, user in
            dispatcher.dispatch(jobs, user: user, now: now, experiments: board)
        }
        if fired.jobs > 0 {
            logger.debug("reminder jobs fired", metadata: ["jobs": "\(fired.jobs)", "messages": "\(fired.messages)"])
        }
        if fired.messages > 0 { await delivery.signal() }
        return fired
    }
}

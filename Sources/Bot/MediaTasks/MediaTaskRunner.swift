import Foundation
import Logging
import ServiceLifecycle

/// Runs recorded media tasks: claims them fairly (one per user at a time, oldest first), runs
/// at most `concurrency` at once through the handler registered for their kind, and finishes
/// each in one transaction with its replies. Tasks left running by a killed process are redone.
package struct MediaTaskRunner: Service {
    let database: any Store
    let handlers: [String: any MediaTaskHandler]
    let clock: any BotClock
    let wake: WakeSignal
    let delivery: WakeSignal
    let concurrency: Int
    let maxAttempts: Int
    let strings: BotStrings
    let logger: Logger
    /// Signalled after each finished task (the media budget watch checks the new total at once).
    let finished: WakeSignal?
    /// Called when the runner stops (e.g. to let media worker threads exit).
    let onStop: @Sendable () -> Void

    init(database: any Store, handlers: [any MediaTaskHandler], clock: any BotClock, wake: WakeSignal,
                delivery: WakeSignal, strings: BotStrings, concurrency: Int = 4, maxAttempts: Int = 3,
                finished: WakeSignal? = nil, logger: Logger, onStop: @escaping @Sendable () -> Void = {}) {
        self.database = database
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        self.clock = clock
        self.wake = wake
        self.delivery = delivery
        self.strings = strings
        self.concurrency = max(1, concurrency)
        self.maxAttempts = max(1, maxAttempts)
        self.finished = finished
        self.logger = logger
        self.onStop = onStop
    }

    package func run() async throws {
        defer { onStop() }
        try await database.resetInterruptedMediaTasks(now: clock.now())
        let busy = BusyUsers()
        await withGracefulShutdownHandler {
            await runUntilShutdown(busy: busy)
        } onGracefulShutdown: { [wake] in
            Task { await wake.signal() }
        }
    }

    private func runUntilShutdown(busy: BusyUsers) async {
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let users = await busy.users
                let now = clock.now()
                var tasks: [MediaTask] = []
                if users.count < concurrency {
                    do {
                        tasks = try await database.claimMediaTasks(now: now, limit: concurrency - users.count, busyUsers: users)
                    } catch {
                        logger.error("media tasks unreadable", metadata: ["error": "\(ErrorSummary.of(error))"])
                    }
                }
                for task in tasks {
                    await busy.begin(task.userID)
                    group.addTask {
                        // Shielded from cancellation: a task either commits or is redone after restart.
                        await Task { await execute(task) }.value
                        await busy.end(task.userID)
                        await wake.signal()
                    }
                }
                if !tasks.isEmpty { continue }
                // At least once a minute: a lease running out or a task another instance recorded
                // may come without a wake-up.
                let due = (try? await database.nextMediaTaskDue()).flatMap { $0 > now ? $0 : nil }
                await wake.wait(until: min(due ?? .distantFuture, now.addingTimeInterval(60)), clock: clock)
            }
        }
    }

    func execute(_ task: MediaTask) async {
        var logger = logger
        logger[metadataKey: "media_task"] = "\(task.id)"
        logger[metadataKey: "kind"] = "\(task.kind)"
        logger[metadataKey: "chat_id"] = "\(task.chatID)"
        let started = clock.now()
        do {
            guard let handler = handlers[task.kind] else {
                throw MediaTaskError("No handler is registered for media tasks of kind \(task.kind).")
            }
            let completion = try await keepingTheLease(of: task, logger: logger) { try await handler.perform(task) }
            let replies = try await database.finishMediaTask(task, now: clock.now(), with: completion)
            if replies > 0 { await delivery.signal() }
            await finished?.signal()
            logger.debug("media task done", metadata: ["ms": "\(Int(clock.now().timeIntervalSince(started) * 1000))"])
        } catch {
            await failed(task, error: error, logger: logger)
        }
    }

    /// Runs `work` while renewing the task's lease every third of it: a long task (a large export)
    /// would otherwise look abandoned, and another instance would run it a second time.
    private func keepingTheLease<Result>(of task: MediaTask, logger: Logger,
                                         _ work: () async throws -> Result) async throws -> Result {
        let renewal = Task { [clock, database] in
            while !Task.isCancelled {
                try? await clock.sleep(until: clock.now().addingTimeInterval(StoreRetention.mediaTaskLease / 3))
                guard !Task.isCancelled else { return }
                if (try? await database.renewMediaTaskLease(task, now: clock.now())) == false {
                    logger.warning("media task lease lost: it was claimed again")
                    return
                }
            }
        }
        defer { renewal.cancel() }
        return try await work()
    }

    private func failed(_ task: MediaTask, error: any Error, logger: Logger) async {
        let now = clock.now()
        // The error row is shown to admins and kept in backups: the same words as the log.
        let reason = ErrorSummary.of(error).prefix(300).description
        do {
            if task.attempt < maxAttempts && handlers[task.kind] != nil {
                let delay = Backoff.delay(attempt: task.attempt, base: 2, cap: 120)
                logger.warning("media task failed, will retry", metadata: ["error": "\(reason)"])
                try await database.retryMediaTask(task.id, notBefore: now.addingTimeInterval(delay), error: reason, now: now)
            } else {
                logger.error("media task failed for good", metadata: ["error": "\(reason)"])
                let strings = strings
                try await database.failMediaTask(task, error: reason, now: now) { user in
                    [.message(text: strings.text("photo_task_failed", user?.locale ?? BotStrings.defaultLocale), keyboard: nil)]
                }
                await delivery.signal()
            }
        } catch {
            logger.error("could not record the media task failure", metadata: ["error": "\(ErrorSummary.of(error))"])
        }
    }
}

/// Users with a task in flight: one at a time per user keeps their tasks in order.
actor BusyUsers {
    private(set) var users: Set<Int64> = []
    func begin(_ user: Int64) { users.insert(user) }
    func end(_ user: Int64) { users.remove(user) }
}

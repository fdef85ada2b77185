import Foundation
import Logging
import ServiceLifecycle

/// Runs `MediaRetention` inside `sogreto run` at start and then every `interval` on the injected
/// clock; on a shared PostgreSQL store only the leader runs it. The erase-blobs tasks an erasure
/// records are woken at once; a failed pass is logged and tried again at the next one.
public struct RetentionService: ShortlyDescribedService {
    public var description: String { "RetentionService(days: \(retention.inactiveDays))" }

    public let retention: MediaRetention
    let interval: TimeInterval
    let clock: any BotClock
    let media: WakeSignal
    let delivery: WakeSignal
    let logger: Logger

    init(retention: MediaRetention, interval: TimeInterval = 3_600, clock: any BotClock, media: WakeSignal,
                delivery: WakeSignal, logger: Logger) {
        self.retention = retention
        self.interval = interval
        self.clock = clock
        self.media = media
        self.delivery = delivery
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await runOnce()
            let next = clock.now().addingTimeInterval(interval)
            do {
                // A test clock may return early from a sleep: wait until the deadline really passed.
                while clock.now() < next && !Task.isShuttingDownGracefully {
                    try await cancelWhenGracefulShutdown { try await clock.sleep(until: next) }
                }
            } catch {
                return
            }
        }
    }

    /// The same service writing through `store` (the leader's, whose writes carry its term).
    func writing(to store: any Store) -> RetentionService {
        RetentionService(retention: MediaRetention(inactiveDays: retention.inactiveDays, database: store,
                                                   strings: retention.strings),
                         interval: interval, clock: clock, media: media, delivery: delivery, logger: logger)
    }

    @discardableResult
    func runOnce() async -> RetentionRun? {
        do {
            let run = try await retention.run(now: clock.now())
            if run.warned > 0 { await delivery.signal() }
            if !run.erased.isEmpty { await media.signal() }
            if run.warned + run.erased.count > 0 {
                logger.info("retention run", metadata: ["warned": "\(run.warned)", "erased_users": "\(run.erased.count)"])
            }
            return run
        } catch {
            logger.error("retention run failed", metadata: ["error": "\(ErrorSummary.of(error))"])
            return nil
        }
    }
}

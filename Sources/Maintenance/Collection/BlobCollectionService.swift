public import Bot
public import Foundation
public import Logging
import ServiceLifecycle

/// Runs the blob collector inside `sogreto run` every `interval` (on the injected clock), so
/// deleted and replaced photos free their space without an admin's cleanup. A failed pass is
/// logged as an error and tried again at the next one.
public struct BlobCollectionService: ShortlyDescribedService {
    public var description: String { "BlobCollectionService" }

    let collector: BlobCollector
    let interval: TimeInterval
    let clock: any BotClock
    let logger: Logger

    public init(collector: BlobCollector, interval: TimeInterval = 3_600, clock: any BotClock, logger: Logger) {
        self.collector = collector
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: clock.now().addingTimeInterval(interval)) }
            } catch {
                return
            }
            await collectOnce()
        }
    }

    @discardableResult
    func collectOnce() async -> BlobCollector.Outcome? {
        do {
            let outcome = try await collector.collect(now: clock.now())
            if outcome.deleted + outcome.staleRenders > 0 {
                logger.info("unreferenced blobs collected", metadata: [
                    "deleted": "\(outcome.deleted)", "bytes": "\(outcome.freedBytes)", "kept": "\(outcome.kept)",
                    "stale_renders": "\(outcome.staleRenders)",
                ])
            }
            return outcome
        } catch {
            logger.error("blob collection failed", metadata: ["error": "\(ErrorSummary.of(error))"])
            return nil
        }
    }
}

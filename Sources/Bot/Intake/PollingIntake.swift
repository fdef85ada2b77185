import Foundation
import Logging
import ServiceLifecycle

/// Long polling: fetches updates, handles each chat's updates in order and different chats
/// concurrently, and advances the offset once a batch is applied. SIGTERM stops the poll,
/// lets the batch in hand finish, and returns.
public struct PollingIntake: Service {
    let client: any TelegramClient
    let database: any Store
    let processor: UpdateProcessor
    let clock: any BotClock
    let logger: Logger
    let pollTimeout: Int

    init(client: any TelegramClient, database: any Store, processor: UpdateProcessor,
                clock: any BotClock, logger: Logger, pollTimeout: Int = 25) {
        self.client = client
        self.database = database
        self.processor = processor
        self.clock = clock
        self.logger = logger
        self.pollTimeout = pollTimeout
    }

    static let allowedUpdates = ["message", "edited_message", "callback_query", "my_chat_member"]

    public func run() async throws {
        var offset = try await database.updateOffset()
        var failures = 0
        logger.info("polling for updates", metadata: ["offset": "\(offset.map(String.init) ?? "none")"])
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let request = GetUpdates(offset: offset, limit: 100, pollTimeout: pollTimeout,
                                     allowedUpdates: Self.allowedUpdates)
            let updates: [Update]
            do {
                updates = try await cancelWhenGracefulShutdown { try await client.send(request) }
                failures = 0
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                failures += 1
                let delay = Backoff.delay(attempt: failures, base: 1, cap: 30)
                logger.warning("polling failed, retrying", metadata: [
                    "error": "\(ErrorSummary.of(error))", "retry_in_s": "\(String(format: "%.1f", delay))",
                ])
                try? await clock.sleep(until: clock.now().addingTimeInterval(delay))
                continue
            }
            guard let last = updates.last else { continue }
            offset = last.updateID + 1
            // The offset commits with the batch; only a batch that fell back to one-by-one saves it apart.
            if await processor.process(updates, offset: last.updateID + 1) {
                try await database.saveUpdateOffset(last.updateID + 1)
            }
        }
        logger.info("polling stopped")
    }
}

enum Backoff {
    static func delay(attempt: Int, base: Double, cap: Double) -> Double {
        let ceiling = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        return Double.random(in: (ceiling / 2)...ceiling)
    }
}

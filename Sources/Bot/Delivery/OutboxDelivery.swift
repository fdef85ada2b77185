import BlobStore
import Foundation
import Logging
import ServiceLifecycle

/// Sends outbox rows to Telegram: oldest first per chat, paced under Telegram's limits, with
/// retries for 429, 5xx and network errors, and blocked users marked on 403.
public struct OutboxDelivery: Service {
    let client: any TelegramClient
    let database: any Store
    let clock: any BotClock
    let wake: WakeSignal
    let limits: DeliveryLimits
    let dataDirectory: URL
    let blobs: any BlobStore
    let logger: Logger
    let sent: SentRecorder
    let metrics: BotMetrics
    /// A leader taking over starts without a burst (see `Pacer`).
    var startsWithoutBurst = false

    public init(client: any TelegramClient, database: any Store, clock: any BotClock, wake: WakeSignal,
                limits: DeliveryLimits, dataDirectory: URL, blobs: any BlobStore, logger: Logger, metrics: BotMetrics = BotMetrics()) {
        self.client = client
        self.database = database
        self.clock = clock
        self.wake = wake
        self.limits = limits
        self.dataDirectory = dataDirectory
        self.blobs = blobs
        self.logger = logger
        sent = SentRecorder(database: database)
        self.metrics = metrics
    }

    public func run() async throws {
        let inFlight = InFlightChats()
        var pacer = Pacer(limits: limits, now: clock.now(), startingEmpty: startsWithoutBurst)
        // A graceful shutdown wakes the loop, which then stops taking new rows; sends in flight finish.
        await withGracefulShutdownHandler {
            await deliverUntilShutdown(inFlight: inFlight, pacer: &pacer)
        } onGracefulShutdown: { [wake] in
            Task { await wake.signal() }
        }
    }

    private func deliverUntilShutdown(inFlight: InFlightChats, pacer: inout Pacer) async {
        await withDiscardingTaskGroup { group in
            // Rows read but held back by the pacer, until the store has them back (see below).
            var held: [OutboxItem] = []
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let busy = await inFlight.chats
                // With most slots busy, wait until a few are free and fill them from one outbox
                // read: in a fan-out of thousands, a read per finished send cost more than the send.
                guard limits.concurrency - busy.count >= (busy.isEmpty ? 1 : limits.refillBatch) else {
                    await wake.wait(until: nil, clock: clock)
                    continue
                }
                let now = clock.now()
                let items: [OutboxItem]
                do {
                    items = try await database.dueOutbox(now: now, excludingChats: busy,
                                                         limit: limits.concurrency - busy.count)
                } catch {
                    logger.error("outbox unreadable", metadata: ["error": "\(ErrorSummary.of(error))"])
                    await wake.wait(until: now.addingTimeInterval(1), clock: clock)
                    continue
                }
                var earliest: Date?
                var started = 0
                for item in items {
                    if item.action.isChatMessage, let later = pacer.reserve(chatID: item.chatID, now: now) {
                        earliest = min(earliest ?? later, later)
                        held.append(item)
                        continue
                    }
                    await inFlight.begin(item.chatID)
                    started += 1
                    group.addTask {
                        // Shielded from cancellation: a send Telegram accepted must be marked sent,
                        // or the restarted bot would send it again.
                        await Task { await deliver(item) }.value
                        await inFlight.end(item.chatID)
                        await wake.signal()
                    }
                }
                if !held.isEmpty {
                    // A leader's read claimed them: unclaimed, or their chats would wait forever
                    // (kept to try again if this fails; never a row whose chat is in flight).
                    let flying = await inFlight.chats
                    held.removeAll { flying.contains($0.chatID) }
                    do {
                        try await database.releaseOutbox(held.map(\.id))
                        held = []
                    } catch {
                        logger.warning("held-back messages not released", metadata: ["error": "\(ErrorSummary.of(error))"])
                        earliest = min(earliest ?? now.addingTimeInterval(1), now.addingTimeInterval(1))
                    }
                }
                if started > 0 && earliest == nil { continue }
                let due = (try? await database.nextOutboxDue()).flatMap { $0 > now ? $0 : nil }
                let deadline = [earliest, due].compactMap { $0 }.min()
                await wake.wait(until: deadline, clock: clock)
            }
        }
    }

    func deliver(_ item: OutboxItem) async {
        var logger = logger
        logger[metadataKey: "chat_id"] = "\(item.chatID)"
        logger[metadataKey: "outbox_id"] = "\(item.id)"
        do {
            let messageID = try await send(item.action, to: item.chatID)
            let sentAt = clock.now()
            try await sent.markSent(.init(id: item.id, telegramMessageID: messageID, at: sentAt))
            if item.action.isChatMessage { metrics.replySent(latency: sentAt.timeIntervalSince(item.createdAt)) }
        } catch let error as TelegramError {
            await handle(error, item: item, logger: logger)
        } catch {
            metrics.error(.deliveryFailed)
            let text = ErrorSummary.of(error)
            logger.error("delivery failed", metadata: ["error": "\(text)"])
            try? await database.markFailed(item.id, error: text)
        }
    }

    private func handle(_ error: TelegramError, item: OutboxItem, logger: Logger) async {
        let now = clock.now()
        // Telegram's words without what it quotes from the message; also what the row keeps.
        let summary = ErrorSummary.of(error)
        do {
            if error.isForbidden {
                metrics.error(.deliveryBlocked)
                logger.notice("user blocked the bot; their queue is cancelled")
                try await database.markBlocked(chatID: item.chatID, now: now)
            } else if error.isTooManyRequests {
                metrics.error(.deliveryRateLimited)
                let wait = min(limits.maxRetryAfter, TimeInterval(max(1, error.retryAfter ?? 1)))
                logger.warning("Telegram asked to slow down", metadata: ["retry_after_s": "\(Int(wait))"])
                try await database.postponeChat(item.chatID, until: now.addingTimeInterval(wait))
            } else if error.isTransient && !item.action.isWorthRetrying {
                logger.notice("a chat action failed; dropped rather than shown late", metadata: ["error": "\(summary)"])
                try await database.markFailed(item.id, error: summary)
            } else if error.isTransient {
                if item.attempts + 1 >= limits.maxAttempts {
                    // Giving up frees the chat: its later rows, held behind this one, go on.
                    metrics.error(.deliveryGivenUp)
                    logger.error("gave up on a message; the chat's next messages go on",
                                 metadata: ["error": "\(summary)", "attempts": "\(item.attempts + 1)"])
                    try await database.markFailed(item.id, error: summary)
                } else {
                    metrics.error(.deliveryRetry)
                    let delay = Backoff.delay(attempt: item.attempts + 1, base: limits.firstRetryDelay, cap: limits.maxRetryDelay)
                    // The chat's later rows wait behind this one, so its messages keep their order.
                    logger.warning("delivery failed, will retry", metadata: [
                        "error": "\(summary)", "attempt": "\(item.attempts + 1)",
                        "retry_in_s": "\(String(format: "%.1f", delay))",
                    ])
                    try await database.markRetry(item.id, notBefore: now.addingTimeInterval(delay), error: summary)
                }
            } else if case .api(_, let description, _) = error.kind, description.contains("message is not modified") {
                try await database.markSent(item.id, telegramMessageID: nil, now: now)
            } else if error.errorCode == 400, case .editText(_, let text, let keyboard) = item.action {
                // The message cannot be edited (a recording, too old, deleted): show the text anew instead.
                let sent = try await send(.message(text: text, keyboard: keyboard), to: item.chatID)
                try await database.markSent(item.id, telegramMessageID: sent, now: now)
            } else {
                metrics.error(.deliveryFailed)
                logger.error("Telegram rejected a message", metadata: ["error": "\(summary)"])
                try await database.markFailed(item.id, error: summary)
            }
        } catch {
            logger.error("could not record the delivery result", metadata: ["error": "\(ErrorSummary.of(error))"])
        }
    }

    /// Performs one action; returns the id of the message Telegram created, when there is one.
    func send(_ action: OutboxAction, to chatID: Int64) async throws -> Int? {
        switch action {
        case .message(let text, let keyboard):
            return try await client.send(SendMessage(chatID: chatID, text: text, replyMarkup: markup(keyboard))).messageID
        case .editText(let messageID, let text, let keyboard):
            _ = try await client.send(EditMessageText(chatID: chatID, messageID: messageID, text: text,
                                                      replyMarkup: markup(keyboard)))
            return messageID
        case .editKeyboard(let messageID, let keyboard):
            _ = try await client.send(EditMessageReplyMarkup(chatID: chatID, messageID: messageID,
                                                             replyMarkup: markup(keyboard) ?? InlineKeyboardMarkup([])))
            return messageID
        case .answerCallback(let queryID, let text, let alert):
            _ = try await client.send(AnswerCallbackQuery(callbackQueryID: queryID, text: text, showAlert: alert ? true : nil))
            return nil
        case .chatAction(let name):
            _ = try await client.send(SendChatAction(chatID: chatID, action: name))
            return nil
        case .photo(let file, let caption, let keyboard):
            return try await sending([file], as: .photo) { files in
                [try await client.send(SendPhoto(chatID: chatID, photo: files[0], caption: caption, replyMarkup: markup(keyboard)))]
            }
        case .document(let file, let caption, let keyboard):
            return try await sending([file], as: .document) { files in
                [try await client.send(SendDocument(chatID: chatID, document: files[0], caption: caption,
                                                   replyMarkup: markup(keyboard)))]
            }
        case .audio(let file, let caption, let title, let performer, let duration, let keyboard):
            return try await sending([file], as: .audio) { files in
                [try await client.send(SendAudio(chatID: chatID, audio: files[0], caption: caption, title: title,
                                                 performer: performer, duration: duration, replyMarkup: markup(keyboard)))]
            }
        case .album(let files, let captions):
            return try await sending(files, as: .photo) { references in
                let photos = references.enumerated().map { index, file in
                    SendMediaGroup.Photo(file: file, caption: index < captions.count ? captions[index] : nil)
                }
                return try await client.send(SendMediaGroup(chatID: chatID, photos: photos))
            }
        }
    }

    /// Sends a request carrying files: cached `file_id`s where Telegram has the content, uploads
    /// otherwise, and the ids of new uploads remembered. When Telegram refuses a cached id, the
    /// id is forgotten and the request goes once more with those files uploaded.
    private func sending(_ sources: [FileSource], as kind: TelegramFileKind,
                         _ request: ([InputFileReference]) async throws -> [Message]) async throws -> Int? {
        let cache = TelegramFileCache(database: database, dataDirectory: dataDirectory, blobs: blobs)
        var files = try await cache.prepare(sources, as: kind, reuse: true)
        let messages: [Message]
        do {
            messages = try await request(files.map(\.reference))
        } catch let error as TelegramError where error.isInvalidFileIdentifier && files.contains(where: { $0.reusedID != nil }) {
            logger.warning("Telegram refused a cached file_id; uploading the file again", metadata: ["error": "\(ErrorSummary.of(error))"])
            try await cache.forgetReused(files)
            files = try await cache.prepare(sources, as: kind, reuse: false)
            messages = try await request(files.map(\.reference))
        }
        do {
            try await cache.remember(files, sentAs: messages, now: clock.now())
        } catch {
            // The message went out; only the reuse is lost, so the next send uploads again.
            logger.warning("could not remember Telegram's file_id", metadata: ["error": "\(ErrorSummary.of(error))"])
        }
        return messages.first?.messageID
    }

    private func markup(_ keyboard: [[Button]]?) -> InlineKeyboardMarkup? {
        guard let keyboard, !keyboard.isEmpty else { return nil }
        return InlineKeyboardMarkup(keyboard.map { row in row.map { button in
            button.url.map { InlineKeyboardButton(text: button.label, url: $0) } ?? InlineKeyboardButton(text: button.label, callbackData: button.data)
        } })
    }
}

/// Chats with a request in flight: one at a time per chat keeps their order.
actor InFlightChats {
    private(set) var chats: Set<Int64> = []
    func begin(_ chat: Int64) { chats.insert(chat) }
    func end(_ chat: Int64) { chats.remove(chat) }
}

import Foundation
import Logging

/// Turns one update into one store transaction (state + outbox + update id) and wakes Delivery.
/// The same path serves long polling and, later, webhooks.
public struct UpdateProcessor: Sendable {
    let database: any Store
    let conversation: Conversation
    let limiter: UserRateLimiter
    let clock: any BotClock
    let delivery: WakeSignal
    /// Wakes the reminder scheduler: an applied update may have planned an earlier job.
    let reminders: WakeSignal?
    /// Wakes the media task runner: an applied update may have recorded a task.
    let media: WakeSignal?
    let logger: Logger
    let metrics: BotMetrics
    /// Figures for /admin, read before `decide` for admins only (the Conversation stays pure).
    let adminFigures: AdminFiguresReader?
    /// The narration catalog as it is now; nil keeps the conversation's own.
    let narrations: NarrationShelf?
    /// Running experiments, read once per batch (nil: none declared).
    public var experiments: ExperimentBoardReader?
    /// The bot's username from getMe, for gift links when the configuration does not name it.
    var identity: BotIdentity?

    public init(database: any Store, conversation: Conversation, limiter: UserRateLimiter,
                clock: any BotClock, delivery: WakeSignal, reminders: WakeSignal? = nil, media: WakeSignal? = nil,
                logger: Logger, metrics: BotMetrics = BotMetrics(), adminFigures: AdminFiguresReader? = nil,
                narrations: NarrationShelf? = nil) {
        self.narrations = narrations
        self.database = database
        self.conversation = conversation
        self.limiter = limiter
        self.clock = clock
        self.delivery = delivery
        self.reminders = reminders
        self.media = media
        self.logger = logger
        self.metrics = metrics
        self.adminFigures = adminFigures
    }

    /// The conversation with the narration catalog as it is now, and the admins' languages when
    /// the batch may carry a /contact message for them.
    private func current(for updates: [Update]) async -> Conversation {
        var conversation = conversation
        if let narrations { conversation.narrations = narrations.library }
        if conversation.gifting.botUsername == nil { conversation.gifting.botUsername = identity?.current }
        if !conversation.adminIDs.isEmpty, updates.contains(where: { $0.message != nil }) {
            for admin in conversation.adminIDs {
                if let record = try? await database.user(admin) { conversation.adminLocales[admin] = record.locale }
            }
        }
        return conversation
    }

    package func process(_ update: Update) async {
        await process([update])
    }

    /// Applies a poll batch (or one webhook update) in one store transaction, in order, so each
    /// chat's updates keep their order; a failing handler costs only its own update an apology.
    /// With `offset` (polling), where polling resumes is saved in the batch's transaction. Returns
    /// true only when the caller must still save the offset itself: the batch was applied update by
    /// update after a store error. (Cancelled: nothing was applied and nothing must be saved.)
    @discardableResult
    package func process(_ updates: [Update], offset: Int64? = nil) async -> Bool {
        guard !updates.isEmpty else { return false }
        let now = clock.now()
        let conversation = await current(for: updates)
        var board = await experiments?.board()
        var batch: [PendingUpdate] = []
        batch.reserveCapacity(updates.count)
        for update in updates {
            let admission = await admission(for: update, now: now)
            let figures = await adminFigures?.figures(for: update, conversation: conversation, now: now)
            // An admin's start/stop/adopt or preview acts on the very next message, in this batch too.
            if figures?.experimentChanged == true { board = await experiments?.board() }
            let board = board
            let gift = await giftFacts(for: update, now: now)
            let conversation = gift == .none ? conversation : conversation.knowing(gift)
            batch.append(PendingUpdate(
                updateID: update.updateID, userID: Self.userID(of: update), chatID: update.chatID,
                apology: apology(for: update)) { user, photoDiary in
                    conversation.decide(update, user: user, admission: admission, now: now, photoDiary: photoDiary,
                                        adminFigures: figures, experiments: board)
                })
        }
        do {
            let outcomes = try await database.apply(batch: batch, now: now, offset: offset)
            var messages = 0, mediaTasks = 0
            var nextReminder: Date?
            for (update, outcome) in zip(updates, outcomes) {
                switch outcome {
                case .applied(let count, let tasks, let reminder):
                    metrics.updateHandled()
                    messages += count
                    mediaTasks += tasks
                    if let reminder { nextReminder = min(nextReminder ?? reminder, reminder) }
                case .duplicate:
                    logger(for: update).debug("update already processed")
                case .failed(let reason):
                    metrics.error(.updateFailed)
                    messages += 1
                    logger(for: update).error("update handling failed", metadata: ["error": "\(reason)"])
                }
            }
            if mediaTasks > 0 { await media?.signal() }
            if messages > 0 { await delivery.signal() }
            // Most updates move reminders days ahead: the scheduler, which read jobs twice per
            // wake-up, is woken only for one due before it would look anyway.
            if let nextReminder { await reminders?.signal(dueAt: nextReminder) }
            return false
        } catch is CancellationError {
            // Nothing was committed: the updates are fetched again after the restart.
            logger.debug("update handling cancelled", metadata: ["updates": "\(updates.count)"])
            return false
        } catch {
            // The store itself failed (disk full, I/O): nothing was committed; try each update
            // alone so one bad row cannot hold the others back, apologising where that fails.
            metrics.error(.updateFailed)
            logger.error("batch failed, applying one by one", metadata: ["error": "\(ErrorSummary.of(error))"])
            if updates.count == 1, let update = updates.first {
                await apologize(for: update, chatID: update.chatID, now: now, logger: logger(for: update))
            } else {
                for (update, item) in zip(updates, batch) { await processAlone(update, item, now: now) }
            }
            return true
        }
    }

    private func processAlone(_ update: Update, _ item: PendingUpdate, now: Date) async {
        do {
            let outcome = try await database.apply(batch: [item], now: now)
            if case .failed(let reason) = outcome.first {
                logger(for: update).error("update handling failed", metadata: ["error": "\(reason)"])
            }
            await media?.signal()
            await delivery.signal()
        } catch {
            await apologize(for: update, chatID: update.chatID, now: now, logger: logger(for: update))
        }
    }

    private func logger(for update: Update) -> Logger {
        var logger = logger
        logger[metadataKey: "update_id"] = "\(update.updateID)"
        if let chatID = update.chatID { logger[metadataKey: "chat_id"] = "\(chatID)" }
        return logger
    }

    /// "Something went wrong, try again" (and an answer to a pressed button), in the user's language.
    private func apology(for update: Update) -> [OutboxAction] {
        var actions: [OutboxAction] = []
        if let query = update.callbackQuery {
            actions.append(.answerCallback(queryID: query.id, text: nil, alert: false))
        }
        let locale = conversation.strings.locale(forLanguageCode: update.message?.from?.languageCode
                                                  ?? update.callbackQuery?.from.languageCode)
        if update.message?.chat.isPrivate == true || update.callbackQuery != nil {
            actions.append(.message(text: conversation.strings.text("error", locale), keyboard: nil))
        }
        return actions
    }

    private func admission(for update: Update, now: Date) async -> Admission {
        guard let userID = Self.userID(of: update), update.myChatMember == nil else { return .allowed }
        if let chat = update.message?.chat, !chat.isPrivate { return .allowed }
        return await limiter.admit(userID, now: now)
    }

    private func apologize(for update: Update, chatID: Int64?, now: Date, logger: Logger) async {
        do {
            try await database.recordFailed(updateID: update.updateID, chatID: chatID, actions: apology(for: update), now: now)
            await delivery.signal()
        } catch {
            logger.error("could not record the failed update", metadata: ["error": "\(ErrorSummary.of(error))"])
        }
    }

    /// The invite a `/start gift-<code>` names (read before deciding, as /admin's figures are), or
    /// a fresh code for a gift button; nothing for any other update.
    private func giftFacts(for update: Update, now: Date) async -> GiftFacts {
        if let data = update.callbackQuery?.data, data.hasPrefix(Conversation.giftPrefix) {
            return GiftFacts(freshCode: GiftCode.random(), openInvites: await openInvites(of: update, now: now))
        }
        guard let text = update.message?.text, let command = Command(text: text), command.name == "start",
              let code = GiftCode.code(inPayload: command.argument) else { return .none }
        guard GiftCode.isWellFormed(code) else { return GiftFacts(opened: (code, nil)) }
        do {
            return GiftFacts(opened: (code, try await database.giftInvite(code)))
        } catch {
            logger(for: update).warning("could not read a gift invite", metadata: ["error": "\(ErrorSummary.of(error))"])
            return GiftFacts(opened: (code, nil))
        }
    }

    /// How many of the gifter's invites are open now (nil when it cannot be read: the gift is made).
    private func openInvites(of update: Update, now: Date) async -> Int? {
        guard let gifter = Self.userID(of: update) else { return nil }
        do {
            return try await database.openGiftInvites(gifterID: gifter, now: now)
        } catch {
            logger(for: update).warning("could not count open gift invites", metadata: ["error": "\(ErrorSummary.of(error))"])
            return nil
        }
    }

    static func userID(of update: Update) -> Int64? {
        update.message?.from?.id ?? update.callbackQuery?.from.id ?? update.myChatMember?.from.id
    }
}

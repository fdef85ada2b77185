import Foundation
import Logging

/// Turns one update into one store transaction (state + outbox + update id) and wakes Delivery.
/// The same path serves long polling and, later, webhooks.
public struct UpdateProcessor: Sendable {
    let database: AppDatabase
    let conversation: Conversation
    let limiter: UserRateLimiter
    let clock: any BotClock
    let delivery: WakeSignal
    /// Wakes the reminder scheduler: an applied update may have planned an earlier job.
    let reminders: WakeSignal?
    /// Wakes the media task runner: an applied update may have recorded a task.
    let media: WakeSignal?
    let logger: Logger

    public init(database: AppDatabase, conversation: Conversation, limiter: UserRateLimiter,
                clock: any BotClock, delivery: WakeSignal, reminders: WakeSignal? = nil, media: WakeSignal? = nil,
                logger: Logger) {
        self.database = database
        self.conversation = conversation
        self.limiter = limiter
        self.clock = clock
        self.delivery = delivery
        self.reminders = reminders
        self.media = media
        self.logger = logger
    }

    public func process(_ update: Update) async {
        let now = clock.now()
        let chatID = update.chatID
        var logger = logger
        logger[metadataKey: "update_id"] = "\(update.updateID)"
        if let chatID { logger[metadataKey: "chat_id"] = "\(chatID)" }
        let admission = await admission(for: update, now: now)
        let conversation = conversation
        do {
            let applied = try await database.apply(updateID: update.updateID, userID: Self.userID(of: update),
                                                   chatID: chatID, now: now) { user, diary in
                conversation.decide(update, user: user, admission: admission, now: now, diary: diary)
            }
            if applied.mediaTasks > 0 { await media?.signal() }
            switch applied.outcome {
            case .duplicate:
                logger.debug("update already processed")
            case .applied(let messages):
                logger.debug("update processed", metadata: ["replies": "\(messages)"])
                if messages > 0 { await delivery.signal() }
                await reminders?.signal()
            }
        } catch is CancellationError {
            // Nothing was committed: the update is fetched again after the restart.
            logger.debug("update handling cancelled")
        } catch {
            logger.error("update handling failed", metadata: ["error": "\(type(of: error))"])
            await apologize(for: update, chatID: chatID, now: now, logger: logger)
        }
    }

    private func admission(for update: Update, now: Date) async -> Admission {
        guard let userID = Self.userID(of: update), update.myChatMember == nil else { return .allowed }
        if let chat = update.message?.chat, !chat.isPrivate { return .allowed }
        return await limiter.admit(userID, now: now)
    }

    private func apologize(for update: Update, chatID: Int64?, now: Date, logger: Logger) async {
        var actions: [OutboxAction] = []
        if let query = update.callbackQuery {
            actions.append(.answerCallback(queryID: query.id, text: nil, alert: false))
        }
        let locale = conversation.strings.locale(forLanguageCode: update.message?.from?.languageCode
                                                  ?? update.callbackQuery?.from.languageCode)
        if update.message?.chat.isPrivate == true || update.callbackQuery != nil {
            actions.append(.message(text: conversation.strings.text("error", locale), keyboard: nil))
        }
        do {
            try await database.recordFailed(updateID: update.updateID, chatID: chatID, actions: actions, now: now)
            await delivery.signal()
        } catch {
            logger.error("could not record the failed update", metadata: ["error": "\(type(of: error))"])
        }
    }

    static func userID(of update: Update) -> Int64? {
        update.message?.from?.id ?? update.callbackQuery?.from.id ?? update.myChatMember?.from.id
    }
}

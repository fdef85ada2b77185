import Bot
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO

/// Intake: each update exactly once, a concurrent duplicate included (`ON CONFLICT DO NOTHING
/// RETURNING` waits for the other transaction and returns nothing rather than aborting), and one
/// chat's updates in order across instances (`pg_advisory_xact_lock` on the chat, held to commit).
extension PostgresAppDatabase {
    public func apply(batch: [PendingUpdate], now: Date, offset: Int64?) async throws -> [BatchOutcome] {
        if batch.count == 1, let item = batch.first { return [try await apply(item, now: now, offset: offset)] }
        return try await write { session in
            try await Self.lockChats(batch.map { $0.chatID ?? $0.userID }, in: session)
            var outcomes: [BatchOutcome] = []
            for item in batch {
                do {
                    let applied = try await session.inSavepoint {
                        try await self.applyOne(updateID: item.updateID, userID: item.userID, chatID: item.chatID,
                                                lockingChat: nil, now: now, in: session, decide: item.decide)
                    }
                    if let applied {
                        outcomes.append(.applied(messages: applied.messages, mediaTasks: applied.mediaTasks))
                    } else {
                        outcomes.append(.duplicate)
                    }
                } catch {
                    guard try await Self.markProcessed(item.updateID, now: now, in: session) else {
                        outcomes.append(.duplicate)
                        continue
                    }
                    try await self.save(Decision(actions: item.apology), chatID: item.chatID, updateID: item.updateID,
                                        priority: 0, now: now, in: session)
                    outcomes.append(.failed(reason: ErrorSummary.of(error)))
                }
            }
            if let offset { try await Self.saveUpdateOffset(offset, in: session) }
            try await self.pruneProcessedUpdatesNowAndThen(now: now, in: session)
            return outcomes
        }
    }

    /// One update (a webhook's, or a poll that brought one): its own transaction, no savepoint;
    /// when it fails, the rollback undoes it and a second transaction records the apology.
    private func apply(_ item: PendingUpdate, now: Date, offset: Int64?) async throws -> BatchOutcome {
        do {
            return try await write { session in
                let applied = try await self.applyOne(updateID: item.updateID, userID: item.userID, chatID: item.chatID,
                                                      lockingChat: item.chatID ?? item.userID, now: now, in: session,
                                                      decide: item.decide)
                if let offset { try await Self.saveUpdateOffset(offset, in: session) }
                try await self.pruneProcessedUpdatesNowAndThen(now: now, in: session)
                guard let applied else { return .duplicate }
                return .applied(messages: applied.messages, mediaTasks: applied.mediaTasks)
            }
        } catch let error where Self.failedOnItsOwn(error) {
            return try await write { session in
                try await Self.lockChats([item.chatID ?? item.userID], in: session)
                if let offset { try await Self.saveUpdateOffset(offset, in: session) }
                guard try await Self.markProcessed(item.updateID, now: now, in: session) else { return .duplicate }
                try await self.save(Decision(actions: item.apology), chatID: item.chatID, updateID: item.updateID,
                                    priority: 0, now: now, in: session)
                return .failed(reason: ErrorSummary.of(error))
            }
        }
    }

    /// The update's own failure (its decision, or a statement the server refused), which gets the
    /// apology; losing the server is not, and goes to the caller, which tries the update again.
    static func failedOnItsOwn(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        guard let psql = error as? PSQLError else { return true }
        return psql.serverInfo != nil
    }

    /// By age too, so webhook mode (no offset) keeps the table small; an index makes it a seek.
    private func pruneProcessedUpdatesNowAndThen(now: Date, in session: SQLSession) async throws {
        let due = lastPrune.withLockedValue { last in
            guard last.map({ now.timeIntervalSince($0) >= 60 || now < $0 }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        try await session.execute("""
            DELETE FROM processed_updates
            WHERE processed_at < \(now.addingTimeInterval(-StoreRetention.processedUpdates).milliseconds)
            """)
    }

    public func apply(updateID: Int64, userID: Int64?, chatID: Int64?, now: Date,
                      decideWithPhotoDiary decide: @Sendable (UserRecord?, PhotoDiary) throws -> Decision) async throws -> AppliedUpdate {
        try await withoutActuallyEscaping(decide) { decide in
            try await write { session in
                guard let applied = try await self.applyOne(updateID: updateID, userID: userID, chatID: chatID,
                                                            lockingChat: chatID ?? userID, now: now, in: session,
                                                            decide: decide) else {
                    return AppliedUpdate(outcome: .duplicate)
                }
                return AppliedUpdate(outcome: .applied(messages: applied.messages), mediaTasks: applied.mediaTasks)
            }
        }
    }

    /// Takes each chat's transaction lock, in id order so two batches never wait on each other.
    static func lockChats(_ chats: [Int64?], in session: SQLSession) async throws {
        for chat in Set(chats.compactMap { $0 }).sorted() {
            try await session.execute("SELECT pg_advisory_xact_lock(\(chat))")
        }
    }

    /// nil when the update was already applied. `lockingChat`: the chat whose lock the caller has
    /// not taken yet (taken here with the update's id, in one round trip).
    private func applyOne(updateID: Int64, userID: Int64?, chatID: Int64?, lockingChat: Int64?, now: Date,
                          in session: SQLSession,
                          decide: (UserRecord?, PhotoDiary) throws -> Decision) async throws -> (messages: Int, mediaTasks: Int)? {
        guard try await Self.markProcessed(updateID, now: now, lockingChat: lockingChat, in: session) else { return nil }
        var snapshot = DecisionSnapshot()
        if let userID { snapshot = try await Self.decisionSnapshot(of: userID, in: session) }
        var decision = try await Self.settlingGiftRedemption(try decide(snapshot.user, snapshot.diary), now: now, in: session)
        // Someone erased is not brought back by a late update: only /start begins anew.
        if snapshot.user == nil, decision.user != nil, !decision.startsJourney, snapshot.erased {
            decision = decision.keepingNothing
        }
        try await save(decision, chatID: chatID, updateID: updateID, priority: 0, now: now, in: session)
        if let planner = reminderPlanner, let changed = decision.user, !decision.erasesUser {
            try await Self.replaceJobs(of: changed.id, with: planner.plan(for: changed, now: now),
                                       pending: changed.id == userID ? snapshot.pendingJobs : nil, now: now, in: session)
        }
        return (decision.actions.count, decision.recordedMediaTasks)
    }

    /// Records the update id; false when it was recorded already (by this or another instance).
    /// With `lockingChat`, the chat's transaction lock is taken first, in the same statement.
    static func markProcessed(_ updateID: Int64, now: Date, lockingChat chat: Int64? = nil,
                              in session: SQLSession) async throws -> Bool {
        guard let chat else {
            return try await !session.rows("""
                INSERT INTO processed_updates (update_id, processed_at) VALUES (\(updateID), \(now.milliseconds))
                ON CONFLICT DO NOTHING RETURNING update_id
                """).isEmpty
        }
        return try await !session.rows(LockAndMarkProcessed(chat: chat, updateID: updateID, at: now.milliseconds)).isEmpty
    }

    public func recordFailed(updateID: Int64, chatID: Int64?, actions: [OutboxAction], now: Date) async throws {
        try await write { session in
            guard try await Self.markProcessed(updateID, now: now, in: session) else { return }
            try await self.save(Decision(actions: actions), chatID: chatID, updateID: updateID, priority: 0, now: now,
                                in: session)
        }
    }

    func save(_ decision: Decision, chatID: Int64?, updateID: Int64?, priority: Int, now: Date,
              in session: SQLSession) async throws {
        if decision.erasesUser, let userID = decision.user?.id {
            let hash = try await Self.erase(userID, actor: "user", reason: nil, now: now, in: session)?.userHash
                ?? Tombstone.hash(of: userID)
            if let chatID {
                try await Self.insertOutbox(decision.actions, chatID: chatID, updateID: updateID, priority: priority,
                                            dedupeKey: Farewell.key(hash, now), now: now, in: session)
            }
            return
        }
        if var user = decision.user {
            user.updatedAt = now
            try await Self.save(user, in: session)
        }
        if let userID = decision.user?.id {
            try await Self.apply(decision.photoDiaryChanges, userID: userID, now: now, in: session)
            if let chatID, !decision.mediaTasks.isEmpty {
                try await Self.insertMediaTasks(decision.mediaTasks, userID: userID, chatID: chatID, now: now, in: session)
            }
        }
        if decision.cancelsPendingMessages, let chatID {
            try await session.execute("""
                UPDATE outbox SET state = 'cancelled', last_error = 'blocked' WHERE chat_id = \(chatID) AND state = 'pending'
                """)
        }
        if let chatID, !decision.actions.isEmpty {
            try await Self.insertOutbox(decision.actions, chatID: chatID, updateID: updateID, priority: priority,
                                        dedupeKey: nil, now: now, in: session)
        }
        for other in decision.otherChats where !other.actions.isEmpty {
            try await Self.insertOutbox(other.actions, chatID: other.chatID, updateID: updateID, priority: priority,
                                        dedupeKey: nil, now: now, in: session)
        }
        for message in decision.supportMessages {
            try await session.execute("""
                INSERT INTO support_messages (user_id, direction, admin_id, kind, text, file_id, created_at)
                VALUES (\(message.userID), \(message.direction.rawValue), \(message.adminID), \(message.kind),
                        \(message.text), \(message.fileID), \(now.milliseconds))
                """)
        }
        try await Self.saveGiftChanges(decision.gifts, updateID: updateID, now: now, in: session)
        for request in decision.quotaChanges {
            _ = try await Self.setQuota(userID: request.userID, change: request.change, actor: request.actor, now: now,
                                        in: session)
        }
        for request in decision.experimentDecisions {
            try await Self.saveExperimentDecision(request.decision, actor: request.actor, in: session)
        }
        if let userID = decision.user?.id {
            for event in decision.events {
                try await session.execute("""
                    INSERT INTO events (user_id, kind, program_id, detail, at)
                    VALUES (\(userID), \(event.kind), \(event.programID), \(event.detail), \(now.milliseconds))
                    """)
            }
        }
    }

    public func updateOffset() async throws -> Int64? {
        try await read { session in
            try await session.scalar("SELECT value FROM bot_state WHERE key = 'update_offset'", as: String.self)
                .flatMap { Int64($0) }
        }
    }

    public func saveUpdateOffset(_ offset: Int64) async throws {
        try await write { session in try await Self.saveUpdateOffset(offset, in: session) }
    }

    static func saveUpdateOffset(_ offset: Int64, in session: SQLSession) async throws {
        try await session.execute("""
            INSERT INTO bot_state (key, value) VALUES ('update_offset', \(String(offset)))
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
            """)
        try await session.execute("DELETE FROM processed_updates WHERE update_id < \(offset - 10_000)")
    }

    public func pruneProcessedUpdates(before cutoff: Date) async throws -> Int {
        try await write { session in
            try await session.rows("DELETE FROM processed_updates WHERE processed_at < \(cutoff.milliseconds) RETURNING update_id").count
        }
    }
}

/// The chat's transaction lock and the update's id in one statement (prepared: every update runs it).
private struct LockAndMarkProcessed: PreparedQuery {
    var chat: Int64
    var updateID: Int64
    var at: MillisecondDate
    static let sql = LockAndMarkProcessed(chat: 0, updateID: 0, at: MillisecondDate(milliseconds: 0)).query.sql

    var query: PostgresQuery {
        """
        WITH locked AS (SELECT pg_advisory_xact_lock(\(chat)))
        INSERT INTO processed_updates (update_id, processed_at) SELECT \(updateID), \(at) FROM locked
        ON CONFLICT DO NOTHING RETURNING update_id
        """
    }
}

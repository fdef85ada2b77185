import Bot
import Foundation
import PostgresNIO

/// Intake: each update exactly once, a concurrent duplicate included (`ON CONFLICT DO NOTHING
/// RETURNING` waits for the other transaction and returns nothing rather than aborting), and one
/// chat's updates in order across instances (`pg_advisory_xact_lock` on the chat, held to commit).
extension PostgresAppDatabase {
    public func apply(batch: [PendingUpdate], now: Date, offset: Int64?) async throws -> [BatchOutcome] {
        try await write { session in
            try await Self.lockChats(batch.map { $0.chatID ?? $0.userID }, in: session)
            var outcomes: [BatchOutcome] = []
            for item in batch {
                do {
                    let applied = try await session.inSavepoint {
                        try await self.applyOne(updateID: item.updateID, userID: item.userID, chatID: item.chatID,
                                                now: now, in: session, decide: item.decide)
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
            // By age too, so webhook mode (no offset) keeps the table small; an index makes it a seek.
            try await session.execute("""
                DELETE FROM processed_updates
                WHERE processed_at < \(now.addingTimeInterval(-StoreRetention.processedUpdates).milliseconds)
                """)
            return outcomes
        }
    }

    public func apply(updateID: Int64, userID: Int64?, chatID: Int64?, now: Date,
                      decideWithDiary decide: @Sendable (UserRecord?, PhotoDiary) throws -> Decision) async throws -> AppliedUpdate {
        try await withoutActuallyEscaping(decide) { decide in
            try await write { session in
                try await Self.lockChats([chatID ?? userID], in: session)
                guard let applied = try await self.applyOne(updateID: updateID, userID: userID, chatID: chatID,
                                                            now: now, in: session, decide: decide) else {
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

    /// nil when the update was already applied.
    private func applyOne(updateID: Int64, userID: Int64?, chatID: Int64?, now: Date, in session: SQLSession,
                          decide: (UserRecord?, PhotoDiary) throws -> Decision) async throws -> (messages: Int, mediaTasks: Int)? {
        guard try await Self.markProcessed(updateID, now: now, in: session) else { return nil }
        var user: UserRecord?
        var diary = PhotoDiary.empty
        if let userID {
            user = try await Self.findUser(userID, in: session)
            diary = try await Self.photoDiary(of: userID, in: session)
        }
        var decision = try decide(user, diary)
        // Someone erased is not brought back by a late update: only /start begins anew.
        if user == nil, decision.user != nil, !decision.startsJourney, let userID, try await Self.isErased(userID, in: session) {
            decision = decision.keepingNothing
        }
        try await save(decision, chatID: chatID, updateID: updateID, priority: 0, now: now, in: session)
        if let planner = reminderPlanner, let changed = decision.user, !decision.erasesUser {
            try await Self.replaceJobs(of: changed.id, with: planner.plan(for: changed, now: now), now: now, in: session)
        }
        return (decision.actions.count, decision.recordedMediaTasks)
    }

    /// Records the update id; false when it was recorded already (by this or another instance).
    static func markProcessed(_ updateID: Int64, now: Date, in session: SQLSession) async throws -> Bool {
        try await !session.rows("""
            INSERT INTO processed_updates (update_id, processed_at) VALUES (\(updateID), \(now.milliseconds))
            ON CONFLICT DO NOTHING RETURNING update_id
            """).isEmpty
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
            try await Self.apply(decision.diaryChanges, userID: userID, now: now, in: session)
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


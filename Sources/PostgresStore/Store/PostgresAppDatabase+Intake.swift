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
                        outcomes.append(.applied(messages: applied.messages, mediaTasks: applied.mediaTasks,
                                                 nextReminder: applied.nextReminder))
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
                return .applied(messages: applied.messages, mediaTasks: applied.mediaTasks, nextReminder: applied.nextReminder)
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
    /// not taken yet (taken here with the update's id and the snapshot, in one round trip).
    private func applyOne(updateID: Int64, userID: Int64?, chatID: Int64?, lockingChat: Int64?, now: Date,
                          in session: SQLSession,
                          decide: (UserRecord?, PhotoDiary) throws -> Decision)
        async throws -> (messages: Int, mediaTasks: Int, nextReminder: Date?)? {
        var snapshot = DecisionSnapshot()
        if let lockingChat {
            guard let begun = try await Self.beginUpdate(updateID, lockingChat: lockingChat, userID: userID, now: now,
                                                         in: session) else { return nil }
            snapshot = begun
        } else {
            guard try await Self.markProcessed(updateID, now: now, in: session) else { return nil }
            if let userID { snapshot = try await Self.decisionSnapshot(of: userID, in: session) }
        }
        var decision = try await Self.settlingGiftRedemption(try decide(snapshot.user, snapshot.photoDiary), now: now, in: session)
        // Someone erased is not brought back by a late update: only /start begins anew.
        if snapshot.user == nil, decision.user != nil, !decision.startsJourney, snapshot.erased {
            decision = decision.keepingNothing
        }
        if let user = decision.user, user.id == userID, let chatID, Self.isPlainReply(decision) {
            let nextReminder = try await saveReply(decision, user: user, chatID: chatID, updateID: updateID,
                                                   pendingJobs: snapshot.pendingJobs, now: now, in: session)
            return (decision.actions.count, decision.recordedMediaTasks, nextReminder)
        }
        try await save(decision, chatID: chatID, updateID: updateID, priority: 0, now: now, in: session)
        var nextReminder: Date?
        if let planner = reminderPlanner, let changed = decision.user, !decision.erasesUser {
            nextReminder = try await Self.replaceJobs(of: changed.id, with: planner.plan(for: changed, now: now),
                                                      pending: changed.id == userID ? snapshot.pendingJobs : nil,
                                                      now: now, in: session)
        }
        return (decision.actions.count, decision.recordedMediaTasks, nextReminder)
    }

    /// Most updates change only their user, answer in their own chat, log events and re-plan the
    /// user's reminders: those writes go in one statement (`SaveReply`), which each took a round
    /// trip of its own. Anything else in the decision takes `save`, statement by statement.
    static func isPlainReply(_ decision: Decision) -> Bool {
        !decision.erasesUser && decision.photoDiaryChanges.isEmpty && decision.mediaTasks.isEmpty
            && !decision.cancelsPendingMessages && decision.otherChats.isEmpty && decision.supportMessages.isEmpty
            && decision.gifts.isEmpty && decision.quotaChanges.isEmpty && decision.experimentDecisions.isEmpty
    }

    /// Returns the earliest due time of the reminders it planned or moved (nil: none).
    private func saveReply(_ decision: Decision, user: UserRecord, chatID: Int64, updateID: Int64,
                           pendingJobs: [String: MillisecondDate], now: Date, in session: SQLSession) async throws -> Date? {
        var jobs = JobChanges()
        if let planner = reminderPlanner {
            jobs = JobChanges(planned: planner.plan(for: user, now: now), pending: pendingJobs)
        }
        var user = user
        user.updatedAt = now
        struct OutboxRow: Encodable { var priority: Int64; var action: String }
        struct EventRow: Encodable { var kind: String; var program_id: String?; var detail: String? }
        struct JobRow: Encodable {
            var kind: String; var program_id: String?; var stage_id: String?; var slot: Int64?; var due: Int64; var key: String
        }
        let encoder = JSONEncoder()
        func json<Row: Encodable>(_ rows: [Row]) throws -> String { String(decoding: try encoder.encode(rows), as: UTF8.self) }
        let outbox = try decision.actions.map {
            OutboxRow(priority: $0.isImmediate ? -1 : 0, action: String(decoding: try encoder.encode($0), as: UTF8.self))
        }
        let events = decision.events.map { EventRow(kind: $0.kind, program_id: $0.programID, detail: $0.detail) }
        let upserts = jobs.upserts.map {
            JobRow(kind: $0.kind.rawValue, program_id: $0.programID, stage_id: $0.stageID, slot: $0.slot.map(Int64.init),
                   due: $0.dueAt.milliseconds.milliseconds, key: $0.key)
        }
        try await session.execute(SaveReply(user: user, chatID: chatID, updateID: updateID, now: now.milliseconds,
                                            outbox: try json(outbox), events: try json(events),
                                            staleJobs: jobs.stale, jobs: try json(upserts)))
        return jobs.earliestUpsert
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

/// `saveReply`'s one statement (prepared): the user's row as `save(_:in:)` writes it, the reply's
/// outbox rows in order with the leader's wake-up, the events, and the reminders as `replaceJobs`
/// leaves them (stale ones cancelled, new or moved ones upserted; the two sets of keys are
/// disjoint, so no row is written twice in the statement).
private struct SaveReply: PreparedQuery {
    var user: UserRecord
    var chatID: Int64
    var updateID: Int64
    var now: MillisecondDate
    var outbox: String
    var events: String
    var staleJobs: [String]
    var jobs: String
    static let sql = SaveReply(user: UserRecord(id: 0, firstName: "", languageCode: nil, locale: "", now: Date()), chatID: 0,
                               updateID: 0, now: MillisecondDate(milliseconds: 0), outbox: "", events: "", staleJobs: [],
                               jobs: "").query.sql

    var query: PostgresQuery {
        """
        WITH saved_user AS (
            INSERT INTO users (\(unescaped: PostgresAppDatabase.userColumns)) VALUES (
                \(user.id), \(user.firstName), \(user.languageCode), \(user.locale), \(user.kitCode),
                \(user.status.rawValue), \(user.progress), \(user.conversation), \(user.timezone),
                \(user.blockedAt?.milliseconds), \(user.createdAt.milliseconds), \(user.updatedAt.milliseconds),
                \(user.lastActivityAt.milliseconds), \(Int64(user.reminderMinute)), \(user.quietHoursOptOut),
                \(user.maxPhotos.map(Int64.init)), \(user.maxMediaBytes.map(Int64.init)), \(user.narration))
            ON CONFLICT (id) DO UPDATE SET \(unescaped: PostgresAppDatabase.userUpdates)),
        queued AS (
            INSERT INTO outbox (chat_id, priority, action, created_at, update_id)
            SELECT \(chatID), r.priority, r.action, \(now), \(updateID)
            FROM ROWS FROM (json_to_recordset(\(outbox)::json) AS (priority BIGINT, action TEXT)) WITH ORDINALITY AS r(priority, action, n)
            ORDER BY r.n
            RETURNING id),
        logged AS (
            INSERT INTO events (user_id, kind, program_id, detail, at)
            SELECT \(user.id), r.kind, r.program_id, r.detail, \(now)
            FROM ROWS FROM (json_to_recordset(\(events)::json) AS (kind TEXT, program_id TEXT, detail TEXT))
                 WITH ORDINALITY AS r(kind, program_id, detail, n)
            ORDER BY r.n),
        cancelled AS (
            UPDATE jobs SET state = 'cancelled' WHERE key = ANY(\(staleJobs)::text[]) AND state = 'pending'),
        planned AS (
            INSERT INTO jobs (user_id, kind, program_id, stage_id, slot, due_at, key, state, created_at)
            SELECT \(user.id), r.kind, r.program_id, r.stage_id, r.slot,
                   'epoch'::timestamptz + r.due * INTERVAL '1 millisecond', r.key, 'pending', \(now)
            FROM json_to_recordset(\(jobs)::json)
                 AS r(kind TEXT, program_id TEXT, stage_id TEXT, slot BIGINT, due BIGINT, key TEXT)
            ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, state = 'pending'
            WHERE jobs.state IN ('pending', 'cancelled'))
        SELECT pg_notify(\(WakeUpListener.Channel.outbox.rawValue), '') FROM (SELECT COUNT(*) AS n FROM queued) AS q
        WHERE q.n > 0
        """
    }
}

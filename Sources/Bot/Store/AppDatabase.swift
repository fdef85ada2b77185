import Foundation
import GRDB
import Synchronization

/// The bot's database: intent-named reads and writes over a GRDB pool in WAL mode.
public final class AppDatabase: Store {
    /// Internal: SQL stays in the store; tests inspect through `@testable import Bot`.
    let writer: any DatabaseWriter
    /// Re-plans a user's reminders in the transaction that changes their state; nil leaves jobs alone.
    let reminderPlanner: ReminderPlanner?
    /// Media tasks this store claimed and has not finished. The data directory lock lets one
    /// process open the file, so a running task not in here was left by a process that died.
    let claimedMediaTasks = Mutex<Set<Int64>>([])

    /// Opens (creating if needed) the database file and applies pending migrations.
    public static func open(at url: URL, reminderPlanner: ReminderPlanner? = nil) throws -> AppDatabase {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL + NORMAL survives a killed process; only a power cut may lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted rows (an erasure) are overwritten with zeros, not left in free space.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        let pool = try DatabasePool(path: url.path, configuration: configuration)
        return try AppDatabase(pool, reminderPlanner: reminderPlanner)
    }

    /// An in-memory database for tests.
    public static func inMemory(reminderPlanner: ReminderPlanner? = nil) throws -> AppDatabase {
        try AppDatabase(try DatabaseQueue(), reminderPlanner: reminderPlanner)
    }

    init(_ writer: any DatabaseWriter, reminderPlanner: ReminderPlanner? = nil) throws {
        self.writer = writer
        self.reminderPlanner = reminderPlanner
        try Migrations.migrator.migrate(writer)
    }

    /// The migrations the schema has, applied or not: `sogreto migrate` reports them.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    // MARK: - Intake

    // The intake's value types under their former names, for callers not yet moved to `Store`.
    public typealias Outcome = ApplyOutcome
    typealias Applied = AppliedUpdate
    public typealias PendingUpdate = Bot.PendingUpdate
    public typealias BatchOutcome = Bot.BatchOutcome
    public typealias SentRow = Bot.SentRow

    /// Applies one update exactly once: the update id, the user's new state, the outbox rows and
    /// the events commit together, so a crash at any moment neither loses nor repeats the update;
    /// the user's photo diary is read in the same transaction for the decision.
    public func apply(updateID: Int64, userID: Int64?, chatID: Int64?, now: Date,
                      decideWithPhotoDiary decide: @Sendable (UserRecord?, PhotoDiary) throws -> Decision) async throws -> AppliedUpdate {
        try await writer.write { db in
            guard try Self.markProcessed(db, updateID, now: now) else { return AppliedUpdate(outcome: .duplicate) }
            let (messages, tasks, _) = try self.applyOne(updateID: updateID, userID: userID, chatID: chatID,
                                                         now: now, in: db, decide: decide)
            return AppliedUpdate(outcome: .applied(messages: messages), mediaTasks: tasks)
        }
    }

    /// Applies a whole poll batch in ONE transaction, in order (so each chat's updates keep their
    /// order), each update inside its own savepoint: a failing handler rolls back only its own
    /// update, which is then recorded with its apology. Exactly-once holds per update as in
    /// `apply`; one commit instead of one per update is what lets intake keep up with bursts.
    /// `offset`, when given, is saved in the same transaction (where polling resumes).
    public func apply(batch: [PendingUpdate], now: Date, offset: Int64?) async throws -> [BatchOutcome] {
        try await writer.write { db in
            var outcomes: [BatchOutcome] = []
            outcomes.reserveCapacity(batch.count)
            for item in batch {
                var applied: (messages: Int, mediaTasks: Int, nextReminder: Date?)?
                do {
                    try db.inSavepoint {
                        // A duplicate (also one a concurrent transaction just recorded) is skipped, never an error.
                        guard try Self.markProcessed(db, item.updateID, now: now) else { return .commit }
                        applied = try self.applyOne(updateID: item.updateID, userID: item.userID,
                                                    chatID: item.chatID, now: now, in: db, decide: item.decide)
                        return .commit
                    }
                    outcomes.append(applied.map {
                        .applied(messages: $0.messages, mediaTasks: $0.mediaTasks, nextReminder: $0.nextReminder)
                    } ?? .duplicate)
                } catch {
                    guard try Self.markProcessed(db, item.updateID, now: now) else {
                        outcomes.append(.duplicate)
                        continue
                    }
                    try Self.save(Decision(actions: item.apology), chatID: item.chatID, updateID: item.updateID,
                                  priority: 0, now: now, in: db)
                    outcomes.append(.failed(reason: ErrorSummary.of(error)))
                }
            }
            if let offset { try Self.saveUpdateOffset(offset, in: db) }
            // By age too, so webhook mode (no offset) keeps the table small; an index makes it a seek.
            try db.cachedStatement(sql: "DELETE FROM processed_updates WHERE processed_at < ?")
                .execute(arguments: [now.addingTimeInterval(-StoreRetention.processedUpdates).stored])
            return outcomes
        }
    }

    /// Reminders follow the user's new state in this same transaction, so pause, resume,
    /// skip, reset, stop, block and unblock never leave a stale job behind.
    private func applyOne(updateID: Int64, userID: Int64?, chatID: Int64?, now: Date, in db: Database,
                          decide: (UserRecord?, PhotoDiary) throws -> Decision)
        throws -> (messages: Int, mediaTasks: Int, nextReminder: Date?) {
        let user = try userID.flatMap { try UserRecord.find($0, in: db) }
        let photoDiary = try userID.map { try Self.photoDiary(of: $0, in: db) } ?? .empty
        var decision = try Self.settlingGiftRedemption(try decide(user, photoDiary), now: now, in: db)
        // Someone erased is not brought back by a late update: only /start begins anew.
        if user == nil, decision.user != nil, !decision.startsJourney, let userID, try Self.isErased(userID, in: db) {
            decision = decision.keepingNothing
        }
        try Self.save(decision, chatID: chatID, updateID: updateID, priority: 0, now: now, in: db)
        var nextReminder: Date?
        if let planner = reminderPlanner, let changed = decision.user, !decision.erasesUser {
            nextReminder = try Self.replaceJobs(of: changed.id, with: planner.plan(for: changed, now: now), now: now, in: db)
        }
        return (decision.actions.count, decision.recordedMediaTasks, nextReminder)
    }

    /// Records the update id; false when it was already recorded. `ON CONFLICT DO NOTHING
    /// RETURNING` rather than check-then-insert: on an engine with concurrent writers a duplicate
    /// inserted meanwhile must skip the update, not abort the transaction.
    private static func markProcessed(_ db: Database, _ updateID: Int64, now: Date) throws -> Bool {
        try Int64.fetchOne(db.cachedStatement(sql: """
            INSERT INTO processed_updates(update_id, processed_at) VALUES (?, ?)
            ON CONFLICT(update_id) DO NOTHING RETURNING update_id
            """), arguments: [updateID, now.stored]) != nil
    }

    /// Records an update whose handler failed, with the gentle apology it produced, so it is not retried forever.
    public func recordFailed(updateID: Int64, chatID: Int64?, actions: [OutboxAction], now: Date) async throws {
        try await writer.write { db in
            guard try Self.markProcessed(db, updateID, now: now) else { return }
            try Self.save(Decision(actions: actions), chatID: chatID, updateID: updateID, priority: 0, now: now, in: db)
        }
    }

    /// Sends messages not caused by an update (reminders, finished media jobs). Nothing is queued
    /// for a user who blocked the bot.
    public func enqueue(_ actions: [OutboxAction], chatID: Int64, priority: Int, dedupeKey: String?, notBefore: Date?,
                        now: Date) async throws {
        try await writer.write { db in
            let blocked = try Bool.fetchOne(db, sql: "SELECT blocked_at IS NOT NULL FROM users WHERE id = ?",
                                            arguments: [chatID]) ?? false
            if blocked { return }
            try Self.insertOutbox(actions, chatID: chatID, updateID: nil, priority: priority,
                                  dedupeKey: dedupeKey, notBefore: notBefore, now: now, in: db)
        }
    }

    private static func save(_ decision: Decision, chatID: Int64?, updateID: Int64?, priority: Int,
                             now: Date, in db: Database) throws {
        if decision.erasesUser, let userID = decision.user?.id {
            let hash = try erase(userID, actor: "user", reason: nil, now: now, in: db)?.userHash ?? Tombstone.hash(of: userID)
            if let chatID {
                try insertOutbox(decision.actions, chatID: chatID, updateID: updateID, priority: priority,
                                 dedupeKey: Farewell.key(hash, now), now: now, in: db)
            }
            return
        }
        if var user = decision.user {
            user.updatedAt = now
            try user.save(in: db)
        }
        if let userID = decision.user?.id {
            // Diary changes before new tasks: a replacement frees its place before anything queued after it.
            try apply(decision.photoDiaryChanges, userID: userID, now: now, in: db)
            if let chatID, !decision.mediaTasks.isEmpty {
                try insertMediaTasks(decision.mediaTasks, userID: userID, chatID: chatID, now: now, in: db)
            }
        }
        if decision.cancelsPendingMessages, let chatID {
            try db.execute(sql: "UPDATE outbox SET state = 'cancelled', last_error = 'blocked' WHERE chat_id = ? AND state = 'pending'",
                           arguments: [chatID])
        }
        if let chatID, !decision.actions.isEmpty {
            try insertOutbox(decision.actions, chatID: chatID, updateID: updateID, priority: priority,
                             dedupeKey: nil, now: now, in: db)
        }
        for other in decision.otherChats where !other.actions.isEmpty {
            try insertOutbox(other.actions, chatID: other.chatID, updateID: updateID, priority: priority,
                             dedupeKey: nil, now: now, in: db)
        }
        try insertSupportMessages(decision.supportMessages, now: now, in: db)
        try saveGiftChanges(decision.gifts, updateID: updateID, now: now, in: db)
        for request in decision.quotaChanges {
            _ = try setQuota(userID: request.userID, change: request.change, actor: request.actor, now: now, db)
        }
        for request in decision.experimentDecisions {
            try Self.saveExperimentDecision(request.decision, actor: request.actor, db)
        }
        if let userID = decision.user?.id {
            for event in decision.events {
                try db.cachedStatement(sql: "INSERT INTO events(user_id, kind, program_id, detail, at) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [userID, event.kind, event.programID, event.detail, now.stored])
            }
        }
    }

    /// Returns how many rows were inserted (a dedupe key already queued inserts nothing), counted
    /// with `RETURNING`, not a connection's change count, so every engine counts alike.
    @discardableResult
    static func insertOutbox(_ actions: [OutboxAction], chatID: Int64, updateID: Int64?, priority: Int,
                             dedupeKey: String?, notBefore: Date? = nil, now: Date, in db: Database) throws -> Int {
        var inserted = 0
        for (index, action) in actions.enumerated() {
            let json = String(decoding: try encoder.encode(action), as: UTF8.self)
            let key = dedupeKey.map { actions.count == 1 ? $0 : "\($0)#\(index)" }
            if try Int64.fetchOne(db.cachedStatement(sql: """
                INSERT INTO outbox(chat_id, priority, action, created_at, update_id, dedupe_key, not_before)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING RETURNING id
                """), arguments: [chatID, action.isImmediate ? -1 : priority, json, now.stored, updateID, key,
                                 notBefore?.stored]) != nil {
                inserted += 1
            }
        }
        return inserted
    }

    // MARK: - Update offset

    public func updateOffset() async throws -> Int64? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM bot_state WHERE key = 'update_offset'").flatMap { Int64($0) }
        }
    }

    /// Remembers where polling resumes; processed update ids older than the offset are pruned.
    public func saveUpdateOffset(_ offset: Int64) async throws {
        try await writer.write { db in try Self.saveUpdateOffset(offset, in: db) }
    }

    private static func saveUpdateOffset(_ offset: Int64, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO bot_state(key, value) VALUES ('update_offset', ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """).execute(arguments: [String(offset)])
        try db.cachedStatement(sql: "DELETE FROM processed_updates WHERE update_id < ?").execute(arguments: [offset - 10_000])
    }

    @discardableResult
    public func pruneProcessedUpdates(before cutoff: Date) async throws -> Int {
        try await writer.write { db in
            try Int.fetchAll(db, sql: "DELETE FROM processed_updates WHERE processed_at < ? RETURNING update_id",
                             arguments: [cutoff.stored]).count
        }
    }

    // MARK: - Delivery

    /// Pending outbox rows due at `now`, most urgent first, skipping chats already in flight.
    /// A read (it runs beside intake's writes); the rare unreadable row is failed in a write.
    public func dueOutbox(now: Date, excludingChats busy: Set<Int64>, limit: Int) async throws -> [OutboxItem] {
        let (items, unreadable) = try await writer.read { db -> ([OutboxItem], [Int64]) in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT id, chat_id, priority, action, attempts, created_at FROM outbox AS row
                WHERE state = 'pending' AND (not_before IS NULL OR not_before <= ?) AND \(Self.isChatHead)
                ORDER BY priority, id LIMIT ?
                """), arguments: [now.stored, limit + busy.count * 4])
            var seen = busy
            var items: [OutboxItem] = []
            var unreadable: [Int64] = []
            while let row = try rows.next() {
                let chatID: Int64 = row["chat_id"]
                // Keep per-chat order: only the oldest pending row of a chat may go out.
                guard !seen.contains(chatID) else { continue }
                seen.insert(chatID)
                let json: String = row["action"]
                guard let action = try? Self.decoder.decode(OutboxAction.self, from: Data(json.utf8)) else {
                    unreadable.append(row["id"])
                    continue
                }
                items.append(OutboxItem(id: row["id"], chatID: chatID, priority: row["priority"], action: action,
                                        attempts: row["attempts"], createdAt: (row["created_at"] as StoredDate).date))
                if items.count == limit { break }
            }
            return (items, unreadable)
        }
        if !unreadable.isEmpty {
            // Only possible after a downgrade: fail the row rather than block its chat forever.
            try await writer.write { db in
                for id in unreadable {
                    try db.execute(sql: "UPDATE outbox SET state = 'failed', last_error = 'unreadable action' WHERE id = ?",
                                   arguments: [id])
                }
            }
        }
        return items
    }

    /// Nothing to do: SQLite's `dueOutbox` reads rows without claiming them.
    public func releaseOutbox(_ ids: [Int64]) async throws {}

    /// The earliest time a pending row that may go next becomes due, for Delivery to sleep until
    /// (a row waiting behind a failed one of its chat is not due before that one).
    public func nextOutboxDue() async throws -> Date? {
        try await writer.read { db in
            try StoredDate.fetchOne(db.cachedStatement(sql: """
                SELECT MIN(COALESCE(not_before, created_at)) FROM outbox AS row WHERE state = 'pending' AND \(Self.isChatHead)
                """))?.date
        }
    }

    /// SQL condition on a pending outbox row aliased `row`: no earlier row of its chat is pending.
    /// A row that failed and waits for its retry (or is held back) so keeps its chat's later rows
    /// behind it, while other chats go on. Callback answers (priority < 0) are a lane of their
    /// own: the user is watching a spinner, and they never change what the chat shows.
    static let isChatHead = """
        NOT EXISTS (SELECT 1 FROM outbox AS earlier
                    WHERE earlier.chat_id = row.chat_id AND earlier.state = 'pending'
                      AND (earlier.priority < 0) = (row.priority < 0)
                      AND (earlier.priority, earlier.id) < (row.priority, row.id))
        """

    /// Marks several delivered rows in one transaction (Delivery's group commit).
    public func markSent(_ rows: [SentRow]) async throws {
        try await writer.write { db in
            let statement = try db.cachedStatement(sql: """
                UPDATE outbox SET state = 'sent', sent_at = ?, telegram_message_id = ?, attempts = attempts + 1
                WHERE id = ?
                """)
            for row in rows {
                try statement.execute(arguments: [row.at.stored, row.telegramMessageID, row.id])
            }
            try Self.dropFarewells(rows.map(\.id), in: db)
        }
    }

    /// An erased user's last message leaves no row once it is sent or given up.
    static func dropFarewells(_ ids: [Int64], in db: Database) throws {
        for id in ids {
            try db.cachedStatement(sql: "DELETE FROM outbox WHERE id = ? AND dedupe_key LIKE 'farewell:%'").execute(arguments: [id])
        }
    }

    public func markRetry(_ id: Int64, notBefore: Date, error: String) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE id = ?
                """, arguments: [notBefore, TokenRedaction.redact(error), id])
        }
    }

    /// Postpones every pending row of a chat (Telegram asked to slow down for it).
    public func postponeChat(_ chatID: Int64, until: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE outbox SET not_before = CASE WHEN not_before IS NULL OR not_before < ? THEN ? ELSE not_before END
                WHERE chat_id = ? AND state = 'pending'
                """, arguments: [until.stored, until.stored, chatID])
        }
    }

    public func markFailed(_ id: Int64, error: String) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?
                """, arguments: [TokenRedaction.redact(error), id])
            try Self.dropFarewells([id], in: db)
        }
    }

    /// The user blocked the bot: remember it and cancel everything still queued for them.
    public func markBlocked(chatID: Int64, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE users SET blocked_at = ?, updated_at = ? WHERE id = ? AND blocked_at IS NULL",
                           arguments: [now, now, chatID])
            try db.execute(sql: "UPDATE outbox SET state = 'cancelled', last_error = 'blocked' WHERE chat_id = ? AND state = 'pending'",
                           arguments: [chatID])
            try Self.cancelJobs(of: chatID, in: db)
        }
    }

    public func isBlocked(chatID: Int64) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT blocked_at IS NOT NULL FROM users WHERE id = ?", arguments: [chatID]) ?? false
        }
    }

    // MARK: - Reads for commands and tests

    public func user(_ id: Int64) async throws -> UserRecord? {
        try await writer.read { db in try UserRecord.fetchOne(db, key: id) }
    }

    public func pendingOutboxCount() async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0
        }
    }

    public func events(userID: Int64) async throws -> [AnalyticsEvent] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, program_id, detail FROM events WHERE user_id = ? ORDER BY id",
                             arguments: [userID])
                .map { AnalyticsEvent(kind: $0["kind"], programID: $0["program_id"], detail: $0["detail"]) }
        }
    }
}

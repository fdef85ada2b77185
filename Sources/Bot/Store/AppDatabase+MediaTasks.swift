import Foundation
import GRDB
import Synchronization

/// The media_tasks table: recording with the update, the runner's fair claim, and the finishing
/// transaction that writes a task's result, its replies and its new state together.
extension AppDatabase {
    static func insertMediaTasks(_ requests: [MediaTaskRequest], userID: Int64, chatID: Int64, now: Date,
                                 in db: Database) throws {
        for request in requests {
            try db.execute(sql: """
                INSERT INTO media_tasks(user_id, chat_id, kind, payload, state, dedupe_key, not_before, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING
                """, arguments: [userID, chatID, request.kind, request.payload, request.dedupeKey, request.notBefore, now, now])
        }
    }

    /// Records media tasks outside an update (tests, operators, other services).
    public func recordMediaTasks(_ requests: [MediaTaskRequest], userID: Int64, chatID: Int64, now: Date) async throws {
        try await writer.write { db in
            try Self.insertMediaTasks(requests, userID: userID, chatID: chatID, now: now, in: db)
        }
    }

    /// Tasks left running by a process that died are pending again: the runner redoes them. A task
    /// this store claimed stays its own until its lease runs out; any other running task belongs to
    /// an earlier process, since the data directory lock admits one process at a time.
    public func resetInterruptedMediaTasks(now: Date) async throws {
        let ours = claimedMediaTasks.withLock { $0 }
        let expired = now.addingTimeInterval(-StoreRetention.mediaTaskLease)
        try await writer.write { db in
            let running = try Row.fetchAll(db, sql: "SELECT id, updated_at FROM media_tasks WHERE state = 'running'")
            for row in running {
                let id: Int64 = row["id"]
                guard !ours.contains(id) || (row["updated_at"] as StoredDate).date < expired else { continue }
                try db.execute(sql: "UPDATE media_tasks SET state = 'pending', updated_at = ? WHERE id = ?",
                               arguments: [now, id])
            }
        }
    }

    /// Claims up to `limit` due tasks, the oldest pending task of each user and at most one per
    /// user (none for users in `busyUsers` or with a task running under a live lease), so one
    /// user's ten uploads never hold up the others and each user's tasks finish in the order they
    /// came. A task whose lease ran out is claimed again, as its next attempt.
    public func claimMediaTasks(now: Date, limit: Int, busyUsers: Set<Int64>) async throws -> [MediaTask] {
        guard limit > 0 else { return [] }
        let expired = now.addingTimeInterval(-StoreRetention.mediaTaskLease)
        let tasks = try await writer.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, user_id, chat_id, kind, payload, attempts FROM media_tasks
                WHERE id IN (SELECT MIN(id) FROM media_tasks
                             WHERE state = 'pending' OR (state = 'running' AND updated_at < ?1)
                             GROUP BY user_id)
                  AND user_id NOT IN (SELECT user_id FROM media_tasks WHERE state = 'running' AND updated_at >= ?1)
                  AND (not_before IS NULL OR not_before <= ?2)
                ORDER BY id LIMIT ?3
                """, arguments: [expired, now, limit + busyUsers.count])
            var tasks: [MediaTask] = []
            for row in rows where !busyUsers.contains(row["user_id"]) && tasks.count < limit {
                let attempt: Int = row["attempts"] + 1
                tasks.append(MediaTask(id: row["id"], userID: row["user_id"], chatID: row["chat_id"], kind: row["kind"],
                                       payload: row["payload"], attempt: attempt))
                try db.execute(sql: """
                    UPDATE media_tasks SET state = 'running', attempts = ?, updated_at = ? WHERE id = ?
                    """, arguments: [attempt, now, row["id"] as Int64])
            }
            return tasks
        }
        claimedMediaTasks.withLock { $0.formUnion(tasks.map(\.id)) }
        return tasks
    }

    /// When the earliest delayed task becomes due, for the runner to sleep until.
    public func nextMediaTaskDue() async throws -> Date? {
        try await writer.read { db in
            let delayed = try StoredDate.fetchOne(db, sql: "SELECT MIN(not_before) FROM media_tasks WHERE state = 'pending'")?.date
            let leased = try StoredDate.fetchOne(db, sql: "SELECT MIN(updated_at) FROM media_tasks WHERE state = 'running'")?
                .date.addingTimeInterval(StoreRetention.mediaTaskLease)
            return [delayed, leased].compactMap { $0 }.min()
        }
    }

    /// Finishes a running task in one transaction: the handler's writes, its replies (deduplicated
    /// by task, and not queued for a user who blocked the bot) and the task's new state. A task
    /// that is no longer running (finished by another path) is left alone. Returns the replies queued.
    @discardableResult
    public func finishMediaTask(_ task: MediaTask, now: Date, with completion: MediaTaskCompletion) async throws -> Int {
        defer { claimedMediaTasks.withLock { _ = $0.remove(task.id) } }
        return try await writer.write { db in
            // Still running under this claim: a task claimed again after its lease ran out is the new claim's.
            let row = try Row.fetchOne(db, sql: "SELECT state, attempts FROM media_tasks WHERE id = ?", arguments: [task.id])
            guard (row?["state"] as String?) == "running", (row?["attempts"] as Int?) == task.attempt else { return 0 }
            let outcome = try Self.commit(completion, of: task, now: now, in: db)
            let queued = try Self.queueTaskReplies(outcome.actions, for: task, key: "media-task:\(task.id)", now: now, in: db)
            if let held = outcome.heldPayload {
                try db.execute(sql: "UPDATE media_tasks SET state = 'held', payload = ?, updated_at = ? WHERE id = ?",
                               arguments: [held, now, task.id])
            } else {
                try db.execute(sql: "UPDATE media_tasks SET state = 'done', updated_at = ? WHERE id = ?",
                               arguments: [now, task.id])
            }
            return queued
        }
    }

    private static func commit(_ completion: MediaTaskCompletion, of task: MediaTask, now: Date,
                               in db: Database) throws -> MediaTaskOutcome {
        switch completion {
        case .reply(let actions):
            return MediaTaskOutcome(actions: actions)
        case .render(let record, let reply):
            if let record {
                try insertRender(userID: task.userID, kind: record.kind, cacheKey: record.cacheKey, sha256: record.sha256,
                                 bytes: record.bytes, sources: record.sources, now: now, in: db)
            }
            return MediaTaskOutcome(actions: reply)
        case .filePhoto(let filing):
            return try file(filing, for: task, now: now, in: db)
        }
    }

    public func renewMediaTaskLease(_ task: MediaTask, now: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE media_tasks SET updated_at = ? WHERE id = ? AND state = 'running' AND attempts = ?
                """, arguments: [now, task.id, task.attempt])
            return db.changesCount > 0
        }
    }

    /// Puts a task back in the queue after a failure that may pass.
    public func retryMediaTask(_ id: Int64, notBefore: Date, error: String, now: Date) async throws {
        claimedMediaTasks.withLock { _ = $0.remove(id) }
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE media_tasks SET state = 'pending', not_before = ?, last_error = ?, updated_at = ? WHERE id = ?
                """, arguments: [notBefore, TokenRedaction.redact(error), now, id])
        }
    }

    /// Gives up on a task, telling the user with `apology` (built for their locale).
    public func failMediaTask(_ task: MediaTask, error: String, now: Date,
                              apology: @escaping @Sendable (UserRecord?) -> [OutboxAction]) async throws {
        claimedMediaTasks.withLock { _ = $0.remove(task.id) }
        try await writer.write { db in
            try db.execute(sql: "UPDATE media_tasks SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
                           arguments: [TokenRedaction.redact(error), now, task.id])
            let user = try UserRecord.fetchOne(db, key: task.userID)
            _ = try Self.queueTaskReplies(apology(user), for: task, key: "media-task:\(task.id):failed", now: now, in: db)
        }
    }

    public typealias MediaTaskRow = Bot.MediaTaskRow

    /// Every task of a user, oldest first (tests, admin views).
    public func mediaTasks(userID: Int64) async throws -> [MediaTaskRow] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, state, attempts, updated_at FROM media_tasks WHERE user_id = ? ORDER BY id",
                             arguments: [userID])
                .map { MediaTaskRow(id: $0["id"], kind: $0["kind"], state: $0["state"], attempts: $0["attempts"],
                                    updatedAt: ($0["updated_at"] as StoredDate?)?.date) }
        }
    }

    private static func queueTaskReplies(_ actions: [OutboxAction], for task: MediaTask, key: String, now: Date,
                                         in db: Database) throws -> Int {
        guard !actions.isEmpty else { return 0 }
        let blocked = try Bool.fetchOne(db, sql: "SELECT blocked_at IS NOT NULL FROM users WHERE id = ?",
                                        arguments: [task.userID]) ?? false
        if blocked { return 0 }
        try insertOutbox(actions, chatID: task.chatID, updateID: nil, priority: 0, dedupeKey: key, now: now, in: db)
        return actions.count
    }
}

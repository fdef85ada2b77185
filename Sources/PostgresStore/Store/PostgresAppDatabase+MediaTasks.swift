import Bot
import Foundation
import PostgresNIO

/// Media tasks on several instances: claimed with `FOR UPDATE SKIP LOCKED` (two instances never
/// take the same task, nor two tasks of one user) and held under a lease: a task running longer
/// than `mediaTaskLease` belongs to an instance that died and may be claimed again. No instance
/// resets another's live tasks at start-up.
extension PostgresAppDatabase {
    /// How long a claimed task stays its instance's before it counts as abandoned.
    static let mediaTaskLease = StoreRetention.mediaTaskLease

    static func insertMediaTasks(_ requests: [MediaTaskRequest], userID: Int64, chatID: Int64, now: Date,
                                 in session: SQLSession) async throws {
        for request in requests {
            try await session.execute("""
                INSERT INTO media_tasks (user_id, chat_id, kind, payload, state, dedupe_key, not_before, created_at, updated_at)
                VALUES (\(userID), \(chatID), \(request.kind), \(request.payload), 'pending', \(request.dedupeKey),
                        \(request.notBefore?.milliseconds), \(now.milliseconds), \(now.milliseconds))
                ON CONFLICT (dedupe_key) DO NOTHING
                """)
        }
        if !requests.isEmpty {
            try await WakeUpListener.notify(.mediaTasks, on: session.connection, logger: session.logger)
        }
    }

    public func recordMediaTasks(_ requests: [MediaTaskRequest], userID: Int64, chatID: Int64, now: Date) async throws {
        try await write { session in
            try await Self.insertMediaTasks(requests, userID: userID, chatID: chatID, now: now, in: session)
        }
    }

    /// Only tasks whose lease ran out: another instance's live tasks are left running.
    public func resetInterruptedMediaTasks(now: Date) async throws {
        try await write { session in
            try await session.execute("""
                UPDATE media_tasks SET state = 'pending', updated_at = \(now.milliseconds)
                WHERE state = 'running' AND updated_at < \(now.addingTimeInterval(-Self.mediaTaskLease).milliseconds)
                """)
        }
    }

    public func claimMediaTasks(now: Date, limit: Int, busyUsers: Set<Int64>) async throws -> [MediaTask] {
        guard limit > 0 else { return [] }
        let expired = now.addingTimeInterval(-Self.mediaTaskLease).milliseconds
        return try await write { session in
            // The state test is repeated outside the subquery: when another instance's claim of a
            // row commits after this statement's snapshot, PostgreSQL locks the new row version and
            // rechecks only the outer conditions; the task must then be skipped, not claimed twice.
            let rows = try await session.rows("""
                SELECT id, user_id, chat_id, kind, payload, attempts FROM media_tasks
                WHERE id IN (SELECT MIN(id) FROM media_tasks
                             WHERE state = 'pending' OR (state = 'running' AND updated_at < \(expired))
                             GROUP BY user_id)
                  AND (state = 'pending' OR (state = 'running' AND updated_at < \(expired)))
                  AND user_id NOT IN (SELECT user_id FROM media_tasks WHERE state = 'running' AND updated_at >= \(expired))
                  AND user_id <> ALL(\(Array(busyUsers)))
                  AND (not_before IS NULL OR not_before <= \(now.milliseconds))
                ORDER BY id LIMIT \(Int64(limit))
                FOR UPDATE SKIP LOCKED
                """)
            var tasks: [MediaTask] = []
            for row in rows {
                let attempt = try row.int("attempts") + 1
                let task = MediaTask(id: try row.value("id"), userID: try row.value("user_id"), chatID: try row.value("chat_id"),
                                     kind: try row.value("kind"), payload: try row.value("payload"), attempt: attempt)
                try await session.execute("""
                    UPDATE media_tasks SET state = 'running', attempts = \(Int64(attempt)), updated_at = \(now.milliseconds)
                    WHERE id = \(task.id)
                    """)
                tasks.append(task)
            }
            return tasks
        }
    }

    /// The earliest delayed task or lease running out, for the runner to sleep until.
    public func nextMediaTaskDue() async throws -> Date? {
        try await read { session in
            let delayed = try await session.scalar("SELECT MIN(not_before) FROM media_tasks WHERE state = 'pending'",
                                                   as: MillisecondDate.self)?.date
            let leased = try await session.scalar("SELECT MIN(updated_at) FROM media_tasks WHERE state = 'running'",
                                                  as: MillisecondDate.self)?.date.addingTimeInterval(Self.mediaTaskLease)
            return [delayed, leased].compactMap { $0 }.min()
        }
    }

    /// Left alone unless still running under this claim (same attempt): a task re-claimed after
    /// its lease ran out is the new claimer's to finish.
    public func finishMediaTask(_ task: MediaTask, now: Date, with completion: MediaTaskCompletion) async throws -> Int {
        try await write { session in
            guard try await Self.isStillClaimed(task, in: session) else { return 0 }
            let outcome = try await Self.commit(completion, of: task, now: now, in: session)
            let queued = try await Self.queueTaskReplies(outcome.actions, for: task, key: "media-task:\(task.id)",
                                                         now: now, in: session)
            if let held = outcome.heldPayload {
                try await session.execute("""
                    UPDATE media_tasks SET state = 'held', payload = \(held), updated_at = \(now.milliseconds) WHERE id = \(task.id)
                    """)
            } else {
                try await session.execute("""
                    UPDATE media_tasks SET state = 'done', updated_at = \(now.milliseconds) WHERE id = \(task.id)
                    """)
            }
            return queued
        }
    }

    private static func isStillClaimed(_ task: MediaTask, in session: SQLSession) async throws -> Bool {
        guard let row = try await session.rows("""
            SELECT state, attempts FROM media_tasks WHERE id = \(task.id) FOR UPDATE
            """).first else { return false }
        return try row.value("state", as: String.self) == "running" && row.int("attempts") == task.attempt
    }

    private static func commit(_ completion: MediaTaskCompletion, of task: MediaTask, now: Date,
                               in session: SQLSession) async throws -> MediaTaskOutcome {
        switch completion {
        case .reply(let actions):
            return MediaTaskOutcome(actions: actions)
        case .render(let record, let reply):
            if let record {
                let sources = String(decoding: (try? JSONEncoder().encode(record.sources)) ?? Data("[]".utf8), as: UTF8.self)
                try await session.execute("""
                    INSERT INTO renders (user_id, kind, cache_key, sha256, bytes, sources, created_at)
                    VALUES (\(task.userID), \(record.kind), \(record.cacheKey), \(record.sha256), \(Int64(record.bytes)),
                            \(sources), \(now.milliseconds))
                    ON CONFLICT (user_id, kind, cache_key) DO UPDATE SET sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes
                    """)
            }
            return MediaTaskOutcome(actions: reply)
        case .filePhoto(let filing):
            return try await file(filing, for: task, now: now, in: session)
        }
    }

    public func renewMediaTaskLease(_ task: MediaTask, now: Date) async throws -> Bool {
        try await write { session in
            try await !session.rows("""
                UPDATE media_tasks SET updated_at = \(now.milliseconds)
                WHERE id = \(task.id) AND state = 'running' AND attempts = \(Int64(task.attempt)) RETURNING id
                """).isEmpty
        }
    }

    public func retryMediaTask(_ id: Int64, notBefore: Date, error: String, now: Date) async throws {
        try await write { session in
            try await session.execute("""
                UPDATE media_tasks SET state = 'pending', not_before = \(notBefore.milliseconds),
                    last_error = \(TokenRedaction.redact(error)), updated_at = \(now.milliseconds) WHERE id = \(id)
                """)
        }
    }

    public func failMediaTask(_ task: MediaTask, error: String, now: Date,
                              apology: @escaping @Sendable (UserRecord?) -> [OutboxAction]) async throws {
        try await write { session in
            try await session.execute("""
                UPDATE media_tasks SET state = 'failed', last_error = \(TokenRedaction.redact(error)),
                    updated_at = \(now.milliseconds) WHERE id = \(task.id)
                """)
            let user = try await Self.findUser(task.userID, in: session)
            _ = try await Self.queueTaskReplies(apology(user), for: task, key: "media-task:\(task.id):failed",
                                                now: now, in: session)
        }
    }

    public func mediaTasks(userID: Int64) async throws -> [MediaTaskRow] {
        try await read { session in
            try await session.rows("SELECT id, kind, state, attempts, updated_at FROM media_tasks WHERE user_id = \(userID) ORDER BY id")
                .map { MediaTaskRow(id: try $0.value("id"), kind: try $0.value("kind"), state: try $0.value("state"),
                                    attempts: try $0.int("attempts"), updatedAt: try $0.date("updated_at")) }
        }
    }

    private static func queueTaskReplies(_ actions: [OutboxAction], for task: MediaTask, key: String, now: Date,
                                         in session: SQLSession) async throws -> Int {
        guard !actions.isEmpty else { return 0 }
        let blocked = try await session.scalar("SELECT blocked_at IS NOT NULL FROM users WHERE id = \(task.userID)",
                                               as: Bool.self) ?? false
        if blocked { return 0 }
        try await insertOutbox(actions, chatID: task.chatID, updateID: nil, priority: 0, dedupeKey: key, now: now,
                               in: session)
        return actions.count
    }
}

import Bot
import Foundation
import PostgresNIO

/// Reminders: planning, the scheduler's read-then-claim, and reads for tests, as on SQLite.
extension PostgresAppDatabase {
    static func upsertJob(_ job: PlannedJob, now: Date, onlyIfOpen: Bool = false, in session: SQLSession) async throws {
        let condition = onlyIfOpen ? " WHERE jobs.state IN ('pending', 'cancelled')" : ""
        try await session.execute("""
            INSERT INTO jobs (user_id, kind, program_id, stage_id, slot, due_at, key, state, created_at)
            VALUES (\(job.userID), \(job.kind.rawValue), \(job.programID), \(job.stageID), \(job.slot.map(Int64.init)),
                    \(job.dueAt.milliseconds), \(job.key), 'pending', \(now.milliseconds))
            ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, state = 'pending'\(unescaped: condition)
            """)
    }

    /// Makes the user's pending jobs exactly `planned` (see `AppDatabase.replaceJobs`); returns the
    /// earliest due time of the jobs it planned or moved (nil: none).
    /// `pending`: the user's pending jobs when the caller read them already in this transaction.
    @discardableResult
    static func replaceJobs(of userID: Int64, with planned: [PlannedJob], pending known: [String: MillisecondDate]? = nil,
                            now: Date, in session: SQLSession) async throws -> Date? {
        var pending: [String: MillisecondDate] = known ?? [:]
        if known == nil {
            for row in try await session.rows("SELECT key, due_at FROM jobs WHERE user_id = \(userID) AND state = 'pending'") {
                pending[try row.value("key")] = try row.value("due_at")
            }
        }
        let changes = JobChanges(planned: planned, pending: pending)
        if !changes.stale.isEmpty {
            try await session.execute("UPDATE jobs SET state = 'cancelled' WHERE key = ANY(\(changes.stale)) AND state = 'pending'")
        }
        for job in changes.upserts {
            try await upsertJob(job, now: now, onlyIfOpen: true, in: session)
        }
        return changes.earliestUpsert
    }

    public func replanReminders(userID: Int64, now: Date) async throws {
        guard let planner = reminderPlanner else { return }
        try await write { session in
            guard let user = try await Self.findUser(userID, in: session) else { return }
            try await Self.replaceJobs(of: userID, with: planner.plan(for: user, now: now), now: now, in: session)
        }
    }

    static let jobColumns = "id, user_id, kind, program_id, stage_id, slot, due_at, key"

    private static func dueJob(_ row: PostgresRandomAccessRow) throws -> DueJob? {
        guard let kind = PlannedJob.Kind(rawValue: try row.value("kind")) else { return nil }
        let job = PlannedJob(key: try row.value("key"), kind: kind, userID: try row.value("user_id"),
                             programID: try row.value("program_id"), stageID: try row.value("stage_id"),
                             slot: try row.value("slot", as: Int64?.self).map(Int.init), dueAt: try row.date("due_at"))
        return DueJob(id: try row.value("id"), job: job)
    }

    public func readDueJobs(now: Date, limit: Int) async throws -> DueBatch {
        try await read { session in
            let rows = try await session.rows(DueJobs(now: now.milliseconds, limit: Int64(limit)))
            var batch = DueBatch(count: rows.count)
            for row in rows {
                guard let due = try Self.dueJob(row) else {
                    batch.unreadable.append(try row.value("id"))
                    continue
                }
                if !batch.userIDs.contains(due.job.userID) { batch.userIDs.append(due.job.userID) }
                batch.jobs.append(due)
            }
            batch.users = try await Self.findUsers(batch.userIDs, in: session)
            return batch
        }
    }

    public func claimDueJobs(_ batch: DueBatch, dispatched: [Int64: JobDispatch], now: Date,
                             dispatch: @Sendable ([DueJob], UserRecord?) -> JobDispatch) async throws -> FiredJobs {
        try await withoutActuallyEscaping(dispatch) { dispatch in try await claim(batch, dispatched, now, dispatch) }
    }

    private func claim(_ batch: DueBatch, _ dispatched: [Int64: JobDispatch], _ now: Date,
                       _ dispatch: @escaping @Sendable ([DueJob], UserRecord?) -> JobDispatch) async throws -> FiredJobs {
        try await write { session in
            // Still pending and due as read, locked against another claimer until commit.
            var unchanged: Set<Int64> = []
            let ids = batch.jobs.map(\.id) + batch.unreadable
            let readDue = Dictionary(batch.jobs.map { ($0.id, $0.job.dueAt.milliseconds) }, uniquingKeysWith: { first, _ in first })
            if !ids.isEmpty {
                for row in try await session.rows("""
                    SELECT id, due_at FROM jobs WHERE state = 'pending' AND id = ANY(\(ids)) FOR UPDATE
                    """) {
                    let id: Int64 = try row.value("id")
                    if let due = readDue[id], due != (try row.value("due_at", as: MillisecondDate.self)) { continue }
                    unchanged.insert(id)
                }
            }
            try await Self.setJobState("cancelled", of: batch.unreadable.filter { unchanged.contains($0) }, now: now, in: session)
            let current = try await Self.findUsers(batch.userIDs, in: session)
            var fired = FiredJobs(jobs: batch.count)
            var done: [Int64] = []
            var cancelled: [Int64] = []
            var results: [(userID: Int64, dispatch: JobDispatch)] = []
            for userID in batch.userIDs {
                let jobs = batch.jobs(of: userID)
                let claimable = jobs.filter { unchanged.contains($0.id) }
                guard !claimable.isEmpty else { continue }
                if claimable.count == jobs.count, current[userID] == batch.users[userID], let prepared = dispatched[userID] {
                    results.append((userID, prepared))
                } else {
                    results.append((userID, dispatch(claimable, current[userID])))
                }
            }
            // The whole batch's messages in one statement; a message counts when its first row is new.
            let queued = results.flatMap { result in
                result.dispatch.messages.map {
                    QueuedMessage(chatID: result.userID, actions: $0.actions, dedupeKey: $0.key, notBefore: $0.notBefore)
                }
            }
            let insertedRows = try await Self.insertOutbox(batch: queued, priority: 1, now: now, in: session)
            for (userID, result) in results {
                // Rows per message are all new or all taken (one key each), so rows ÷ actions is messages.
                let rows = insertedRows[userID] ?? 0
                var messages = 0
                var counted = 0
                for message in result.messages where counted < rows {
                    counted += message.actions.count
                    messages += 1
                }
                fired.messages += messages
                done += result.done
                cancelled += result.cancelled
                // Exposures only with a message this claim queued.
                for event in result.events where messages > 0 {
                    try await session.execute("""
                        INSERT INTO events (user_id, kind, program_id, detail, at)
                        VALUES (\(userID), \(event.kind), \(event.programID), \(event.detail), \(now.milliseconds))
                        """)
                }
                for record in result.records {
                    try await session.execute("""
                        INSERT INTO jobs (user_id, kind, program_id, due_at, key, state, claimed_at, created_at)
                        VALUES (\(record.userID), \(record.kind.rawValue), \(record.programID), \(record.dueAt.milliseconds),
                                \(record.key), 'done', \(now.milliseconds), \(now.milliseconds))
                        ON CONFLICT (key) DO NOTHING
                        """)
                }
            }
            try await Self.setJobState("done", of: done, now: now, in: session)
            try await Self.setJobState("cancelled", of: cancelled, now: now, in: session)
            return fired
        }
    }

    private static func setJobState(_ state: String, of ids: [Int64], now: Date, in session: SQLSession) async throws {
        guard !ids.isEmpty else { return }
        try await session.execute("UPDATE jobs SET state = \(state), claimed_at = \(now.milliseconds) WHERE id = ANY(\(ids))")
    }

    public func nextJobDue() async throws -> Date? {
        try await read { session in
            guard let cell = try await session.rows(NextJobDue()).first?[0], cell.bytes != nil else { return nil }
            return try cell.decode(MillisecondDate.self).date
        }
    }

    public func jobs(userID: Int64) async throws -> [StoredJob] {
        try await read { session in
            try await session.rows("""
                SELECT \(unescaped: Self.jobColumns), state FROM jobs WHERE user_id = \(userID) ORDER BY due_at, id
                """).compactMap { row in
                try Self.dueJob(row).map { StoredJob(id: $0.id, job: $0.job, state: try row.value("state")) }
            }
        }
    }

    public func queueCensus() async throws -> QueueCensus {
        try await read { session in
            var census = QueueCensus()
            for row in try await session.rows("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                census.jobs[try row.value("state")] = try row.int("n")
            }
            for row in try await session.rows("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                census.outbox[try row.value("state")] = try row.int("n")
            }
            if let row = try await session.rows("""
                SELECT COUNT(*) AS n, MAX(sent_at) AS last FROM outbox WHERE priority = 1 AND state = 'sent'
                """).first {
                census.remindersSent = try row.int("n")
                census.lastReminderSentAt = try row.optionalDate("last")
            }
            return census
        }
    }
}

/// What makes a user's pending reminders exactly a plan: the pending keys the plan dropped, and
/// the planned jobs that are new or moved (each key once, the plan's last word on it).
struct JobChanges {
    var stale: [String] = []
    var upserts: [PlannedJob] = []

    init() {}

    init(planned: [PlannedJob], pending: [String: MillisecondDate]) {
        let plannedKeys = Set(planned.map(\.key))
        stale = pending.keys.filter { !plannedKeys.contains($0) }.sorted()
        var seen: Set<String> = []
        for job in planned.reversed() where pending[job.key] != job.dueAt.milliseconds && seen.insert(job.key).inserted {
            upserts.append(job)
        }
        upserts.reverse()
    }

    /// When the first of the new or moved jobs is due.
    var earliestUpsert: Date? { upserts.map(\.dueAt).min() }
}

/// The scheduler's look for due jobs (prepared: on the delivery leader it runs after updates).
private struct DueJobs: PreparedQuery {
    var now: MillisecondDate
    var limit: Int64
    static let sql = DueJobs(now: MillisecondDate(milliseconds: 0), limit: 0).query.sql

    var query: PostgresQuery {
        """
        SELECT \(unescaped: PostgresAppDatabase.jobColumns) FROM jobs
        WHERE state = 'pending' AND due_at <= \(now) ORDER BY due_at, id LIMIT \(limit)
        """
    }
}

/// When the scheduler next has work (prepared, as `DueJobs`).
private struct NextJobDue: PreparedQuery {
    static let sql = NextJobDue().query.sql
    var query: PostgresQuery { "SELECT MIN(due_at) FROM jobs WHERE state = 'pending'" }
}

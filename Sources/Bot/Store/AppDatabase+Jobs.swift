import Foundation
import GRDB

/// The jobs table: planning writes, the scheduler's claim, and reads for tests.
extension AppDatabase {
    // The jobs' value types under their former names, for callers not yet moved to `Store`.
    public typealias StoredJob = Bot.StoredJob
    public typealias FiredJobs = Bot.FiredJobs
    public typealias DueBatch = Bot.DueBatch

    /// Makes the user's pending jobs exactly `planned`: new ones are inserted, moved ones get their
    /// new time, cancelled ones come back (a resume), done ones stay done, the rest are cancelled.
    /// Returns the earliest due time of the jobs it planned or moved (nil: none).
    @discardableResult
    static func replaceJobs(of userID: Int64, with planned: [PlannedJob], now: Date, in db: Database) throws -> Date? {
        // Runs with every applied update, so it touches only what changed: most updates move the
        // nudges (they follow the last activity) and leave the stage unlocks as they were.
        var pending: [String: Date] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT key, due_at FROM jobs WHERE user_id = ? AND state = 'pending'"),
                                       arguments: [userID])
        while let row = try rows.next() { pending[row["key"]] = row["due_at"] }
        let plannedKeys = Set(planned.map(\.key))
        let cancel = try db.cachedStatement(sql: "UPDATE jobs SET state = 'cancelled' WHERE key = ? AND state = 'pending'")
        for key in pending.keys where !plannedKeys.contains(key) {
            try cancel.execute(arguments: [key])
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO jobs(user_id, kind, program_id, stage_id, slot, due_at, key, state, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            ON CONFLICT(key) DO UPDATE SET due_at = excluded.due_at, state = 'pending'
            WHERE jobs.state IN ('pending', 'cancelled')
            """)
        var earliest: Date?
        for job in planned {
            // Stored times keep milliseconds: a job due within one of its plan is unchanged.
            if let due = pending[job.key], abs(due.timeIntervalSince(job.dueAt)) < 0.001 { continue }
            try upsert.execute(arguments: [job.userID, job.kind.rawValue, job.programID, job.stageID, job.slot,
                                           job.dueAt.stored, job.key, now.stored])
            earliest = min(earliest ?? job.dueAt, job.dueAt)
        }
        return earliest
    }

    /// Re-plans one user's reminders from their stored state (after settings or an unblock outside `apply`).
    public func replanReminders(userID: Int64, now: Date) async throws {
        guard let planner = reminderPlanner else { return }
        try await writer.write { db in
            guard let user = try UserRecord.fetchOne(db, key: userID) else { return }
            try Self.replaceJobs(of: userID, with: planner.plan(for: user, now: now), now: now, in: db)
        }
    }

    /// Up to `limit` due jobs, oldest first, with their users (a read: it runs beside the writer).
    public func readDueJobs(now: Date, limit: Int) async throws -> DueBatch {
        try await writer.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, user_id, kind, program_id, stage_id, slot, due_at, key FROM jobs
                WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?
                """), arguments: [now, limit])
            var batch = DueBatch(count: rows.count)
            for row in rows {
                guard let due = Self.dueJob(row) else {
                    // A kind this version does not know (after a downgrade) is cancelled, or it would stay due forever.
                    batch.unreadable.append(row["id"])
                    continue
                }
                if !batch.userIDs.contains(due.job.userID) { batch.userIDs.append(due.job.userID) }
                batch.jobs.append(due)
            }
            for (id, row) in try Self.userRows(batch.userIDs, in: db) {
                batch.users[id] = try UserRecord(row: row)
            }
            return batch
        }
    }

    /// Commits a dispatched batch: jobs no longer pending or no longer due as read are left
    /// alone, users who changed since the read are dispatched again with their current row.
    public func claimDueJobs(_ batch: DueBatch, dispatched: [Int64: JobDispatch], now: Date,
                             dispatch: @Sendable ([DueJob], UserRecord?) -> JobDispatch) async throws -> FiredJobs {
        try await writer.write { db in
            // Still pending and due at the time read: the claim's only guard against sending twice.
            var unchanged: Set<Int64> = []
            let ids = batch.jobs.map(\.id) + batch.unreadable
            let readDue = Dictionary(batch.jobs.map { ($0.id, $0.job.dueAt) }, uniquingKeysWith: { first, _ in first })
            if !ids.isEmpty {
                let rows = try Row.fetchAll(db, sql: "SELECT id, due_at FROM jobs WHERE state = 'pending' AND id IN (\(Self.marks(ids.count)))",
                                            arguments: StatementArguments(ids))
                for row in rows {
                    let id: Int64 = row["id"]
                    if let due = readDue[id], due != (row["due_at"] as StoredDate).date { continue }
                    unchanged.insert(id)
                }
            }
            try Self.setState("cancelled", of: batch.unreadable.filter { unchanged.contains($0) }, now: now, in: db)
            let currentRows = try Self.userRows(batch.userIDs, in: db)
            var fired = FiredJobs(jobs: batch.count)
            var done: [Int64] = []
            var cancelled: [Int64] = []
            for userID in batch.userIDs {
                let jobs = batch.jobs(of: userID)
                let claimable = jobs.filter { unchanged.contains($0.id) }
                guard !claimable.isEmpty else { continue }
                let result: JobDispatch
                let current = try currentRows[userID].map { try UserRecord(row: $0) }
                if claimable.count == jobs.count, current == batch.users[userID], let prepared = dispatched[userID] {
                    result = prepared
                } else {
                    result = dispatch(claimable, current)
                }
                let messagesBefore = fired.messages // exposures only with a message this claim queued
                for message in result.messages {
                    let inserted = try Self.insertOutbox(message.actions, chatID: userID, updateID: nil, priority: 1,
                                                         dedupeKey: message.key, notBefore: message.notBefore, now: now, in: db)
                    fired.messages += inserted > 0 ? 1 : 0
                }
                done += result.done
                cancelled += result.cancelled
                for event in result.events where fired.messages > messagesBefore {
                    try db.execute(sql: "INSERT INTO events(user_id, kind, program_id, detail, at) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [userID, event.kind, event.programID, event.detail, now.stored])
                }
                for record in result.records {
                    try db.execute(sql: """
                        INSERT INTO jobs(user_id, kind, program_id, due_at, key, state, claimed_at, created_at)
                        VALUES (?, ?, ?, ?, ?, 'done', ?, ?) ON CONFLICT(key) DO NOTHING
                        """, arguments: [record.userID, record.kind.rawValue, record.programID, record.dueAt, record.key,
                                         now, now])
                }
            }
            // One statement per state for the whole batch, in the same transaction as the outbox rows.
            try Self.setState("done", of: done, now: now, in: db)
            try Self.setState("cancelled", of: cancelled, now: now, in: db)
            return fired
        }
    }

    /// Users' full rows by id (`SELECT *`, as `UserRecord.find` reads them).
    private static func userRows(_ ids: [Int64], in db: Database) throws -> [Int64: Row] {
        guard !ids.isEmpty else { return [:] }
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM users WHERE id IN (\(marks(ids.count)))",
                                    arguments: StatementArguments(ids))
        return Dictionary(rows.map { ($0["id"] as Int64, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `?,?,…` for an `IN (…)` list of `count` values.
    static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }

    /// When the scheduler must wake next, or nil when nothing is pending.
    public func nextJobDue() async throws -> Date? {
        try await writer.read { db in
            try StoredDate.fetchOne(db.cachedStatement(sql: "SELECT MIN(due_at) FROM jobs WHERE state = 'pending'"))?.date
        }
    }

    /// A user's jobs in due order (for tests and operators).
    public func jobs(userID: Int64) async throws -> [StoredJob] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, user_id, kind, program_id, stage_id, slot, due_at, key, state FROM jobs
                WHERE user_id = ? ORDER BY due_at, id
                """, arguments: [userID]).compactMap { row in
                Self.dueJob(row).map { StoredJob(id: $0.id, job: $0.job, state: row["state"]) }
            }
        }
    }

    /// Cancels everything still pending for a user (they blocked the bot).
    static func cancelJobs(of userID: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE jobs SET state = 'cancelled' WHERE user_id = ? AND state = 'pending'", arguments: [userID])
    }

    private static func setState(_ state: String, of ids: [Int64], now: Date, in db: Database) throws {
        guard !ids.isEmpty else { return }
        try db.execute(sql: "UPDATE jobs SET state = ?, claimed_at = ? WHERE id IN (\(marks(ids.count)))",
                       arguments: StatementArguments([state, now] as [any DatabaseValueConvertible]
                                                     + ids.map { $0 as any DatabaseValueConvertible }))
    }

    private static func dueJob(_ row: Row) -> DueJob? {
        guard let kind = PlannedJob.Kind(rawValue: row["kind"]) else { return nil }
        let job = PlannedJob(key: row["key"], kind: kind, userID: row["user_id"], programID: row["program_id"],
                             stageID: row["stage_id"], slot: row["slot"], dueAt: (row["due_at"] as StoredDate).date)
        return DueJob(id: row["id"], job: job)
    }
}

import Foundation
import GRDB

/// The jobs table (issue 4): planning writes, the scheduler's claim, and reads for tests.
extension AppDatabase {
    /// A job row as stored, with its state.
    public struct StoredJob: Sendable, Equatable {
        public var id: Int64
        public var job: PlannedJob
        public var state: String
    }

    /// How much one claiming transaction fired.
    public struct FiredJobs: Sendable, Equatable {
        public var jobs = 0
        public var messages = 0
    }

    /// Makes the user's pending jobs exactly `planned`: new ones are inserted, moved ones get their
    /// new time, cancelled ones come back (a resume), done ones stay done, the rest are cancelled.
    static func replaceJobs(of userID: Int64, with planned: [PlannedJob], now: Date, in db: Database) throws {
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
        for job in planned {
            // Stored times keep milliseconds: a job due within one of its plan is unchanged.
            if let due = pending[job.key], abs(due.timeIntervalSince(job.dueAt)) < 0.001 { continue }
            try upsert.execute(arguments: [job.userID, job.kind.rawValue, job.programID, job.stageID, job.slot,
                                           job.dueAt.stored, job.key, now.stored])
        }
    }

    /// Re-plans one user's reminders from their stored state (after settings or an unblock outside `apply`).
    public func replanReminders(userID: Int64, now: Date) async throws {
        guard let planner = reminderPlanner else { return }
        try await writer.write { db in
            guard let user = try UserRecord.fetchOne(db, key: userID) else { return }
            try Self.replaceJobs(of: userID, with: planner.plan(for: user, now: now), now: now, in: db)
        }
    }

    /// Claims up to `limit` due jobs, oldest first, and turns them into outbox rows (priority 1,
    /// dedupe key = job key) in ONE transaction with marking them done: a crash either leaves the
    /// jobs pending (nothing queued) or queued and done, so no reminder is lost or sent twice.
    public func fireDueJobs(now: Date, limit: Int,
                            dispatch: @Sendable ([DueJob], UserRecord?) -> JobDispatch) async throws -> FiredJobs {
        try await writer.write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, user_id, kind, program_id, stage_id, slot, due_at, key FROM jobs
                WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?
                """), arguments: [now, limit])
            let due = rows.compactMap(Self.dueJob)
            // A kind this version does not know (after a downgrade) is cancelled, or it would stay due forever.
            let unreadable = rows.filter { Self.dueJob($0) == nil }.map { $0["id"] as Int64 }
            try Self.setState("cancelled", of: unreadable, now: now, in: db)
            var byUser: [Int64: [DueJob]] = [:]
            var order: [Int64] = []
            for job in due {
                if byUser[job.job.userID] == nil { order.append(job.job.userID) }
                byUser[job.job.userID, default: []].append(job)
            }
            var fired = FiredJobs(jobs: rows.count)
            var done: [Int64] = []
            var cancelled: [Int64] = []
            for userID in order {
                let user = try UserRecord.find(userID, in: db)
                let result = dispatch(byUser[userID] ?? [], user)
                for message in result.messages {
                    try Self.insertOutbox(message.actions, chatID: userID, updateID: nil, priority: 1,
                                          dedupeKey: message.key, notBefore: message.notBefore, now: now, in: db)
                    fired.messages += db.changesCount > 0 ? 1 : 0
                }
                done += result.done
                cancelled += result.cancelled
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

    /// When the scheduler must wake next, or nil when nothing is pending.
    public func nextJobDue() async throws -> Date? {
        try await writer.read { db in
            try Date.fetchOne(db.cachedStatement(sql: "SELECT MIN(due_at) FROM jobs WHERE state = 'pending'"))
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
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        try db.execute(sql: "UPDATE jobs SET state = ?, claimed_at = ? WHERE id IN (\(marks))",
                       arguments: StatementArguments([state, now] as [any DatabaseValueConvertible]
                                                     + ids.map { $0 as any DatabaseValueConvertible }))
    }

    private static func dueJob(_ row: Row) -> DueJob? {
        guard let kind = PlannedJob.Kind(rawValue: row["kind"]) else { return nil }
        let job = PlannedJob(key: row["key"], kind: kind, userID: row["user_id"], programID: row["program_id"],
                             stageID: row["stage_id"], slot: row["slot"], dueAt: row["due_at"])
        return DueJob(id: row["id"], job: job)
    }
}

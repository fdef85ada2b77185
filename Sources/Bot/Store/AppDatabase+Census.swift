import Foundation
import GRDB

/// Reads of whole tables for operators, benchmarks, drills and tests, and the one bulk write they
/// seed with: named operations, so none of them needs SQL of its own.
extension AppDatabase {
    public func outboxRows(chatID: Int64?) async throws -> [OutboxRow] {
        try await writer.read { db in
            let columns = "id, chat_id, priority, action, state, attempts, update_id, dedupe_key, not_before, last_error, created_at, sent_at"
            let rows = if let chatID {
                try Row.fetchAll(db, sql: "SELECT \(columns) FROM outbox WHERE chat_id = ? ORDER BY id", arguments: [chatID])
            } else {
                try Row.fetchAll(db, sql: "SELECT \(columns) FROM outbox ORDER BY id")
            }
            return rows.map { row in
                let json: String = row["action"]
                return OutboxRow(id: row["id"], chatID: row["chat_id"], priority: row["priority"],
                                 action: try? Self.outboxDecoder.decode(OutboxAction.self, from: Data(json.utf8)),
                                 state: row["state"], attempts: row["attempts"], updateID: row["update_id"],
                                 dedupeKey: row["dedupe_key"], notBefore: (row["not_before"] as StoredDate?)?.date,
                                 lastError: row["last_error"], createdAt: (row["created_at"] as StoredDate).date,
                                 sentAt: (row["sent_at"] as StoredDate?)?.date)
            }
        }
    }

    public func queueCensus() async throws -> QueueCensus {
        try await writer.read { db in
            var census = QueueCensus()
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                census.jobs[row["state"]] = row["n"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                census.outbox[row["state"]] = row["n"]
            }
            if let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, MAX(sent_at) AS last FROM outbox WHERE priority = 1 AND state = 'sent'
                """) {
                census.remindersSent = row["n"]
                census.lastReminderSentAt = (row["last"] as StoredDate?)?.date
            }
            return census
        }
    }

    public func deliveryAudit() async throws -> DeliveryAudit {
        try await writer.read { db in
            var audit = DeliveryAudit()
            audit.updatesProcessed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM processed_updates") ?? 0
            audit.updatesAppliedTwice = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT update_id FROM outbox WHERE update_id IS NOT NULL
                                      GROUP BY update_id HAVING COUNT(*) > 1) AS repeated
                """) ?? 0
            audit.pendingOutbox = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0
            for row in try Row.fetchAll(db, sql: "SELECT action, last_error FROM outbox WHERE state = 'failed'") {
                if DeliveryAudit.isRefusedRepeat(action: row["action"], lastError: row["last_error"]) {
                    audit.refusedRepeats += 1
                } else {
                    audit.failedOutbox += 1
                }
            }
            let users = try Row.fetchAll(db, sql: "SELECT status, progress, conversation, created_at, last_activity_at FROM users")
            audit.users = users.count
            audit.inconsistentUsers = users.filter { row in
                !DeliveryAudit.isSound(status: row["status"], progress: row["progress"], conversation: row["conversation"],
                                       createdAt: (row["created_at"] as StoredDate?)?.date,
                                       lastActivityAt: (row["last_activity_at"] as StoredDate?)?.date)
            }.count
            return audit
        }
    }

    public func importUsers(_ users: [UserRecord], jobs: [PlannedJob], now: Date) async throws {
        try await writer.write { db in
            for user in users { try user.save(in: db) }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO jobs(user_id, kind, program_id, stage_id, slot, due_at, key, state, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                ON CONFLICT(key) DO UPDATE SET due_at = excluded.due_at, state = 'pending'
                """)
            for job in jobs {
                try insert.execute(arguments: [job.userID, job.kind.rawValue, job.programID, job.stageID, job.slot,
                                               job.dueAt.stored, job.key, now.stored])
            }
        }
    }

    private static let outboxDecoder = JSONDecoder()
}

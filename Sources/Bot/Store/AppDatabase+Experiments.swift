import Foundation
import GRDB

/// Experiments on SQLite: decisions, previews, and the exposed users' facts (see `ExperimentStore`).
extension AppDatabase {
    static func registerExperiments(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-experiments") { db in
            try db.create(table: "experiment_decisions") { t in
                t.column("experiment_id", .text).primaryKey()
                t.column("status", .text).notNull()                 // running, stopped, adopted
                t.column("variant", .text)                          // the adopted variant
                t.column("changed_at", .datetime).notNull()
            }
            try db.create(table: "experiment_overrides") { t in
                t.column("user_id", .integer).notNull()             // an admin previewing a variant
                t.column("experiment_id", .text).notNull()
                t.column("variant", .text).notNull()
                t.primaryKey(["user_id", "experiment_id"])
            }
        }
    }

    public func experimentDecisions() async throws -> [ExperimentDecision] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM experiment_decisions ORDER BY experiment_id").compactMap { row in
                guard let status = ExperimentDecision.Status(rawValue: row["status"]) else { return nil }
                return ExperimentDecision(experimentID: row["experiment_id"], status: status, variant: row["variant"],
                                          changedAt: (row["changed_at"] as StoredDate).date)
            }
        }
    }

    public func recordExperimentDecision(_ decision: ExperimentDecision, actor: String) async throws {
        try await writer.write { db in try Self.saveExperimentDecision(decision, actor: actor, db) }
    }

    /// The decision and its audit row, in the caller's transaction (an admin's update applies it with its reply).
    static func saveExperimentDecision(_ decision: ExperimentDecision, actor: String, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO experiment_decisions(experiment_id, status, variant, changed_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(experiment_id) DO UPDATE SET status = excluded.status, variant = excluded.variant,
                changed_at = excluded.changed_at
            """, arguments: [decision.experimentID, decision.status.rawValue, decision.variant, decision.changedAt.stored])
        try recordAudit(actor: actor, action: ExposureEvent.auditAction(decision.status),
                        target: ExposureEvent.auditTarget(decision), detail: [:], now: decision.changedAt, db)
    }

    public func experimentOverrides() async throws -> [ExperimentOverride] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM experiment_overrides ORDER BY user_id, experiment_id").map {
                ExperimentOverride(userID: $0["user_id"], experimentID: $0["experiment_id"], variant: $0["variant"])
            }
        }
    }

    public func setExperimentOverride(userID: Int64, experimentID: String, variant: String?) async throws {
        try await writer.write { db in
            if let variant {
                try db.execute(sql: """
                    INSERT INTO experiment_overrides(user_id, experiment_id, variant) VALUES (?, ?, ?)
                    ON CONFLICT(user_id, experiment_id) DO UPDATE SET variant = excluded.variant
                    """, arguments: [userID, experimentID, variant])
            } else {
                try db.execute(sql: "DELETE FROM experiment_overrides WHERE user_id = ? AND experiment_id = ?",
                               arguments: [userID, experimentID])
            }
        }
    }

    public func exposedUsers(experimentID: String) async throws -> [ExposedUser] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT x.user_id, x.detail, x.first_at,
                    EXISTS (SELECT 1 FROM events e WHERE e.user_id = x.user_id AND e.at > x.first_at
                            AND e.kind IN ('stage_started', 'stage_completed', 'completed')) AS next_step,
                    EXISTS (SELECT 1 FROM events e WHERE e.user_id = x.user_id AND e.at >= x.first_at
                            AND e.kind = 'day7_reached') AS day7,
                    EXISTS (SELECT 1 FROM events e WHERE e.user_id = x.user_id AND e.at >= x.first_at
                            AND e.kind = 'completed') AS completed,
                    (SELECT n.detail FROM events n WHERE n.user_id = x.user_id AND n.kind = 'nps' AND n.at >= x.first_at
                     ORDER BY n.id DESC LIMIT 1) AS nps
                FROM (SELECT user_id, MIN(detail) AS detail, MIN(at) AS first_at FROM events
                      WHERE kind = 'exposure' AND detail LIKE ? GROUP BY user_id) x
                WHERE NOT EXISTS (SELECT 1 FROM events k WHERE k.user_id = x.user_id AND k.kind = 'exposure_kept_out'
                                  AND k.detail LIKE ?)
                ORDER BY x.user_id
                """, arguments: [experimentID + ":%", experimentID + ":%"]).compactMap { row in
                guard let variant = ExposureEvent.variant(in: row["detail"], of: experimentID) else { return nil }
                return ExposedUser(userID: row["user_id"], variant: variant, firstExposedAt: (row["first_at"] as StoredDate).date,
                                   reachedNextStep: row["next_step"], reachedDay7: row["day7"], completed: row["completed"],
                                   nps: (row["nps"] as String?).flatMap(Int.init).flatMap { (0...10).contains($0) ? $0 : nil })
            }
        }
    }

    public func exposureCounts() async throws -> [String: Int] {
        try await writer.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT detail, COUNT(*) AS n FROM events WHERE kind = 'exposure' GROUP BY detail") {
                if let detail: String = row["detail"] { counts[detail] = row["n"] }
            }
            return counts
        }
    }
}

import Bot
import Foundation
import PostgresNIO

/// Experiments on PostgreSQL, as the SQLite store keeps them (`ExperimentStore`).
extension PostgresAppDatabase {
    public func experimentDecisions() async throws -> [ExperimentDecision] {
        try await read { session in
            try await session.rows("SELECT experiment_id, status, variant, changed_at FROM experiment_decisions ORDER BY experiment_id")
                .compactMap { row in
                    guard let status = ExperimentDecision.Status(rawValue: try row.value("status")) else { return nil }
                    return ExperimentDecision(experimentID: try row.value("experiment_id"), status: status,
                                              variant: try row.value("variant"), changedAt: try row.date("changed_at"))
                }
        }
    }

    public func recordExperimentDecision(_ decision: ExperimentDecision, actor: String) async throws {
        try await write { session in try await Self.saveExperimentDecision(decision, actor: actor, in: session) }
    }

    /// The decision and its audit row, in the caller's transaction (an admin's update applies it with its reply).
    static func saveExperimentDecision(_ decision: ExperimentDecision, actor: String, in session: SQLSession) async throws {
        try await session.execute("""
            INSERT INTO experiment_decisions (experiment_id, status, variant, changed_at)
            VALUES (\(decision.experimentID), \(decision.status.rawValue), \(decision.variant), \(decision.changedAt.milliseconds))
            ON CONFLICT (experiment_id) DO UPDATE SET status = excluded.status, variant = excluded.variant,
                changed_at = excluded.changed_at
            """)
        try await recordAudit(actor: actor, action: ExposureEvent.auditAction(decision.status),
                              target: ExposureEvent.auditTarget(decision), detail: [:], now: decision.changedAt, in: session)
    }

    public func experimentOverrides() async throws -> [ExperimentOverride] {
        try await read { session in
            try await session.rows("SELECT user_id, experiment_id, variant FROM experiment_overrides ORDER BY user_id, experiment_id")
                .map { ExperimentOverride(userID: try $0.value("user_id"), experimentID: try $0.value("experiment_id"),
                                          variant: try $0.value("variant")) }
        }
    }

    public func setExperimentOverride(userID: Int64, experimentID: String, variant: String?) async throws {
        try await write { session in
            if let variant {
                try await session.execute("""
                    INSERT INTO experiment_overrides (user_id, experiment_id, variant) VALUES (\(userID), \(experimentID), \(variant))
                    ON CONFLICT (user_id, experiment_id) DO UPDATE SET variant = excluded.variant
                    """)
            } else {
                try await session.execute("DELETE FROM experiment_overrides WHERE user_id = \(userID) AND experiment_id = \(experimentID)")
            }
        }
    }

    public func exposedUsers(experimentID: String) async throws -> [ExposedUser] {
        try await read { session in
            try await session.rows("""
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
                      WHERE kind = 'exposure' AND detail LIKE \(experimentID + ":%") GROUP BY user_id) x
                WHERE NOT EXISTS (SELECT 1 FROM events k WHERE k.user_id = x.user_id AND k.kind = 'exposure_kept_out'
                                  AND k.detail LIKE \(experimentID + ":%"))
                ORDER BY x.user_id
                """).compactMap { row in
                guard let variant = ExposureEvent.variant(in: try row.value("detail"), of: experimentID) else { return nil }
                let nps = try row.value("nps", as: String?.self).flatMap { Int($0) }.flatMap { (0...10).contains($0) ? $0 : nil }
                return ExposedUser(userID: try row.value("user_id"), variant: variant, firstExposedAt: try row.date("first_at"),
                                   reachedNextStep: try row.value("next_step"), reachedDay7: try row.value("day7"),
                                   completed: try row.value("completed"), nps: nps)
            }
        }
    }

    public func exposureCounts() async throws -> [String: Int] {
        try await read { session in
            var counts: [String: Int] = [:]
            for row in try await session.rows("SELECT detail, COUNT(*) AS n FROM events WHERE kind = 'exposure' GROUP BY detail") {
                if let detail = try row.value("detail", as: String?.self) { counts[detail] = try row.int("n") }
            }
            return counts
        }
    }
}

import Bot
import Foundation
import PostgresNIO

/// What operators read besides stored media: the funnel and the crash drill's audit, in
/// PostgreSQL's dialect (the audit log and the /metrics gauges are in +Misc).
extension PostgresAppDatabase {
    // MARK: - Funnel

    public func funnelFacts() async throws -> [FunnelReport.UserFacts] {
        try await read { session in
            try await session.rows("""
                SELECT u.kit_code, u.status,
                    MIN(CASE WHEN e.kind = 'activated' THEN e.at END) AS activated_at,
                    MAX(CASE WHEN e.kind = 'stage_started' THEN 1 ELSE 0 END) AS started,
                    MAX(CASE WHEN e.kind = 'day7_reached' THEN 1 ELSE 0 END) AS day7,
                    MAX(CASE WHEN e.kind = 'completed' THEN 1 ELSE 0 END) AS completed,
                    MAX(CASE WHEN e.kind = 'next_kit' THEN 1 ELSE 0 END) AS next_kit,
                    (SELECT CASE WHEN n.detail ~ '^[0-9]{1,9}$' THEN n.detail::BIGINT END FROM events n
                     WHERE n.user_id = u.id AND n.kind = 'nps' ORDER BY n.id DESC LIMIT 1) AS nps,
                    EXISTS (SELECT 1 FROM gift_redemptions g WHERE g.friend_id = u.id) AS gifted
                FROM users u LEFT JOIN events e ON e.user_id = u.id
                GROUP BY u.id ORDER BY u.id
                """).map { row in
                let status: String = try row.value("status")
                return FunnelReport.UserFacts(
                    kitCode: try row.value("kit_code"), activatedAt: try row.optionalDate("activated_at"),
                    startedPractice: try row.value("started", as: Int32.self) > 0,
                    reachedDay7: try row.value("day7", as: Int32.self) > 0,
                    completed: try row.value("completed", as: Int32.self) > 0 || status == "completed",
                    stopped: status == "stopped",
                    npsScore: try row.value("nps", as: Int64?.self).map(Int.init).flatMap { (0...10).contains($0) ? $0 : nil },
                    startedNextKit: try row.value("next_kit", as: Int32.self) > 0,
                    gifted: try row.value("gifted", as: Bool.self))
            }
        }
    }

    // MARK: - The crash drill's audit

    public func deliveryAudit() async throws -> DeliveryAudit {
        try await read { session in
            var audit = DeliveryAudit()
            audit.updatesProcessed = Int(try await session.scalar("SELECT COUNT(*) FROM processed_updates", as: Int64.self) ?? 0)
            audit.updatesAppliedTwice = Int(try await session.scalar("""
                SELECT COUNT(*) FROM (SELECT update_id FROM outbox WHERE update_id IS NOT NULL
                                      GROUP BY update_id HAVING COUNT(*) > 1) AS repeated
                """, as: Int64.self) ?? 0)
            audit.pendingOutbox = Int(try await session.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
                                                               as: Int64.self) ?? 0)
            for row in try await session.rows("SELECT action, last_error FROM outbox WHERE state = 'failed'") {
                if DeliveryAudit.isRefusedRepeat(action: try row.value("action"), lastError: try row.value("last_error")) {
                    audit.refusedRepeats += 1
                } else {
                    audit.failedOutbox += 1
                }
            }
            let users = try await session.rows("""
                SELECT status, progress, conversation, created_at, last_activity_at FROM users
                """)
            audit.users = users.count
            audit.inconsistentUsers = try users.filter { row in
                !DeliveryAudit.isSound(status: try row.value("status"), progress: try row.value("progress"),
                                       conversation: try row.value("conversation"),
                                       createdAt: try row.optionalDate("created_at"),
                                       lastActivityAt: try row.optionalDate("last_activity_at"))
            }.count
            return audit
        }
    }
}

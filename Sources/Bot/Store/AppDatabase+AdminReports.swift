import Foundation
import GRDB

/// What operators read besides stored media (admin API, /admin, `sogreto admin`, /metrics): the
/// funnel, the audit log and the gauges.
extension AppDatabase {
    // MARK: - Funnel

    public func funnelFacts() async throws -> [FunnelReport.UserFacts] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.kit_code, u.status,
                    MIN(CASE WHEN e.kind = 'activated' THEN e.at END) AS activated_at,
                    MAX(CASE WHEN e.kind = 'stage_started' THEN 1 ELSE 0 END) AS started,
                    MAX(CASE WHEN e.kind = 'day7_reached' THEN 1 ELSE 0 END) AS day7,
                    MAX(CASE WHEN e.kind = 'completed' THEN 1 ELSE 0 END) AS completed,
                    MAX(CASE WHEN e.kind = 'next_kit' THEN 1 ELSE 0 END) AS next_kit,
                    (SELECT CAST(n.detail AS INTEGER) FROM events n
                     WHERE n.user_id = u.id AND n.kind = 'nps' ORDER BY n.id DESC LIMIT 1) AS nps,
                    EXISTS (SELECT 1 FROM gift_redemptions g WHERE g.friend_id = u.id) AS gifted
                FROM users u LEFT JOIN events e ON e.user_id = u.id
                GROUP BY u.id ORDER BY u.id
                """).map { row in
                FunnelReport.UserFacts(kitCode: row["kit_code"], activatedAt: (row["activated_at"] as StoredDate?)?.date,
                                       startedPractice: (row["started"] as Bool?) ?? false,
                                       reachedDay7: (row["day7"] as Bool?) ?? false,
                                       completed: (row["completed"] as Bool?) ?? false || row["status"] == "completed",
                                       stopped: row["status"] == "stopped",
                                       npsScore: (row["nps"] as Int?).flatMap { (0...10).contains($0) ? $0 : nil },
                                       startedNextKit: (row["next_kit"] as Bool?) ?? false,
                                       gifted: row["gifted"])
            }
        }
    }

    // MARK: - Audit

    /// The latest audit rows, newest first.
    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                Self.auditEntry($0)
            }
        }
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(id: row["id"], actor: row["actor"], action: row["action"], target: row["target"],
                   detail: row["detail"], reason: row["reason"], at: (row["at"] as StoredDate).date)
    }

    public func recordAudit(actor: String, action: String, target: String?, detail: [String: Int64?],
                            reason: String?, now: Date) async throws {
        try await writer.write { db in
            try Self.recordAudit(actor: actor, action: action, target: target, detail: detail, reason: reason, now: now, db)
        }
    }

    static func recordAudit(actor: String, action: String, target: String?, detail: [String: Int64?],
                            reason: String? = nil, now: Date, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO audit_log(actor, action, target, detail, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [actor, action, target, auditJSON(detail), AuditEntry.reasonLine(reason), now])
    }

    /// Ids and numbers only (never user text), keys sorted so rows compare in tests and diffs.
    static func auditJSON(_ detail: [String: Int64?]) -> String? {
        guard !detail.isEmpty else { return nil }
        let fields = detail.keys.sorted().map { key in "\"\(key)\":" + (detail[key].flatMap { $0 }.map(String.init) ?? "null") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    // MARK: - Figures for /metrics

    public typealias OperationalFigures = Bot.OperationalFigures

    public func operationalFigures() async throws -> OperationalFigures {
        try await writer.read { db in
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0
            var tasks: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM media_tasks GROUP BY state") {
                tasks[row["state"]] = row["n"]
            }
            return OperationalFigures(outboxPending: pending, mediaTasks: tasks, mediaBytes: try Self.usedMediaBytes(db),
                                      users: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0)
        }
    }
}

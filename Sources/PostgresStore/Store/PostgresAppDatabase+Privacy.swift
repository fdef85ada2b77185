import Bot
import Foundation
import PostgresNIO

/// Erasure on PostgreSQL, the same rows as `AppDatabase+Privacy` in one transaction, under the
/// user's chat lock so an update of theirs on another instance waits for it.
extension PostgresAppDatabase {
    public func forgetUser(_ userID: Int64, request: ErasureRequest, now: Date) async throws -> ErasureResult? {
        try await write { session in
            try await Self.lockChats([userID], in: session)
            let locale = try await session.scalar(
                "SELECT locale FROM users WHERE id = \(userID) AND blocked_at IS NULL", as: String.self)
            guard let result = try await Self.erase(userID, actor: request.actor, reason: request.reason, now: now,
                                                    in: session) else { return nil }
            if let locale {
                try await Self.insertOutbox(request.farewell(locale), chatID: userID, updateID: nil, priority: 0,
                                            dedupeKey: Farewell.key(result.userHash, now), now: now, in: session)
            }
            return result
        }
    }

    static func erase(_ userID: Int64, actor: String, reason: String?, now: Date,
                      in session: SQLSession) async throws -> ErasureResult? {
        let hash = Tombstone.hash(of: userID)
        let known = try await session.scalar("""
            SELECT (SELECT COUNT(*) FROM users WHERE id = \(userID)) + (SELECT COUNT(*) FROM events WHERE user_id = \(userID))
                 + (SELECT COUNT(*) FROM support_messages WHERE user_id = \(userID))
                 + (SELECT COUNT(*) FROM media_tasks WHERE user_id = \(userID))
            """, as: Int64.self) ?? 0
        guard known > 0 else { return nil }
        let held = try await heldPhotos(of: userID, in: session)
        let hexes = Set(try await session.rows("""
            SELECT sha256 AS hex FROM photos WHERE user_id = \(userID)
            UNION SELECT thumb_sha256 FROM photos WHERE user_id = \(userID)
            UNION SELECT sha256 FROM renders WHERE user_id = \(userID)
            """).map { try $0.value("hex", as: String.self) }).union(held.flatMap(\.blobs))
        try await session.execute("""
            INSERT INTO erased_event_counts (kind, program_id, n)
            SELECT kind, COALESCE(program_id, ''), COUNT(*) FROM events WHERE user_id = \(userID)
            GROUP BY kind, COALESCE(program_id, '')
            ON CONFLICT (kind, program_id) DO UPDATE SET n = erased_event_counts.n + EXCLUDED.n
            """)
        var counts: [String: Int] = [:]
        for table in ["events", "photos", "renders", "jobs", "media_tasks", "support_messages", "vision_usage", "retention_notices",
                      "experiment_overrides"] {
            counts[table] = try await session.rows(
                "DELETE FROM \(unescaped: table) WHERE user_id = \(userID) RETURNING 1 AS one").count
        }
        try await forgetGifts(of: userID, in: session)
        let replyButton = "%ct:r:\(userID).%"
        try await session.execute("DELETE FROM outbox WHERE chat_id = \(userID) OR action LIKE \(replyButton)")
        try await session.execute("DELETE FROM users WHERE id = \(userID)")
        var released: [String] = []
        for hex in hexes.sorted() where try await !Self.isReferenced(hex, in: session) {
            released.append(hex)
            try await session.execute("DELETE FROM telegram_files WHERE sha256 = \(hex)")
            try await session.execute("DELETE FROM vision_answers WHERE sha256 = \(hex)")
        }
        let oldTarget = "user:\(userID)"
        try await session.execute("""
            UPDATE audit_log SET target = \(Tombstone.auditTarget(hash)) WHERE target = \(oldTarget)
            """)
        try await session.execute("""
            INSERT INTO erasures (user_hash, erased_at, actor, reason) VALUES (\(hash), \(now.milliseconds), \(actor), \(reason))
            ON CONFLICT (user_hash) DO UPDATE SET erased_at = EXCLUDED.erased_at, actor = EXCLUDED.actor, reason = EXCLUDED.reason
            """)
        let result = ErasureResult(userHash: hash, photos: (counts["photos"] ?? 0) + held.count, renders: counts["renders"] ?? 0,
                                   events: counts["events"] ?? 0, supportMessages: counts["support_messages"] ?? 0,
                                   releasedBlobs: released)
        try await insertMediaTasks([BlobErasureHandler.request(released, userHash: hash)], userID: 0, chatID: 0, now: now,
                                   in: session)
        try await recordAudit(actor: actor, action: "user.forget", target: Tombstone.auditTarget(hash),
                              detail: result.auditDetail, reason: reason, now: now, in: session)
        return result
    }

    static func isErased(_ userID: Int64, in session: SQLSession) async throws -> Bool {
        try await !session.rows("SELECT 1 AS one FROM erasures WHERE user_hash = \(Tombstone.hash(of: userID))").isEmpty
    }

    public func isErased(userID: Int64) async throws -> Bool {
        try await read { session in try await Self.isErased(userID, in: session) }
    }

    public func tombstones() async throws -> [Tombstone] {
        try await read { session in
            try await session.rows("SELECT user_hash, erased_at FROM erasures ORDER BY erased_at, user_hash").map {
                Tombstone(userHash: try $0.value("user_hash", as: String.self), erasedAt: try $0.date("erased_at"))
            }
        }
    }

    public func reapply(_ tombstones: [Tombstone], now: Date) async throws -> [ErasureResult] {
        try await write { session in
            let byHash = Dictionary(tombstones.map { ($0.userHash, $0) }, uniquingKeysWith: { $0.erasedAt > $1.erasedAt ? $0 : $1 })
            var results: [ErasureResult] = []
            for row in try await session.rows("SELECT id, created_at FROM users") {
                let id = try row.value("id", as: Int64.self)
                guard let stone = byHash[Tombstone.hash(of: id)], try row.date("created_at") <= stone.erasedAt else { continue }
                if let result = try await Self.erase(id, actor: "restore", reason: nil, now: stone.erasedAt, in: session) {
                    results.append(result)
                }
            }
            for stone in tombstones {
                try await session.execute("""
                    INSERT INTO erasures (user_hash, erased_at, actor, reason) VALUES (\(stone.userHash), \(stone.erasedAt.milliseconds), 'restore', NULL)
                    ON CONFLICT (user_hash) DO UPDATE SET erased_at = GREATEST(erasures.erased_at, EXCLUDED.erased_at)
                    """)
            }
            return results
        }
    }

    public func privacyReport(monthStart: Date) async throws -> PrivacyReport {
        try await read { session in
            let erasures = try await session.rows("""
                SELECT user_hash, erased_at, actor, reason FROM erasures WHERE erased_at >= \(monthStart.milliseconds)
                ORDER BY erased_at DESC
                """).map {
                PrivacyReport.Erasure(user: String(try $0.value("user_hash", as: String.self).prefix(16)),
                                      erasedAt: try $0.date("erased_at"), actor: try $0.value("actor"),
                                      reason: try $0.value("reason", as: String?.self))
            }
            let runs = try await session.rows("""
                SELECT id, actor, action, target, detail, reason, at FROM audit_log
                WHERE action = 'retention.run' AND at >= \(monthStart.milliseconds) ORDER BY id DESC
                """).map(Self.auditEntry)
            return PrivacyReport(
                monthStart: monthStart, erasuresThisMonth: erasures,
                erasuresInAll: Int(try await session.scalar("SELECT COUNT(*) FROM erasures", as: Int64.self) ?? 0),
                pendingExports: Int(try await session.scalar("""
                    SELECT COUNT(*) FROM media_tasks WHERE kind = 'export' AND state IN ('pending', 'running')
                    """, as: Int64.self) ?? 0),
                retentionRuns: runs)
        }
    }

    /// PostgreSQL keeps deleted tuples until (auto)vacuum reclaims them; nothing to do per erasure.
    public func scrubErasedData() async throws {}

    static func dropFarewells(_ ids: [Int64], in session: SQLSession) async throws {
        guard !ids.isEmpty else { return }
        try await session.execute("DELETE FROM outbox WHERE id = ANY(\(ids)) AND dedupe_key LIKE 'farewell:%'")
    }
}

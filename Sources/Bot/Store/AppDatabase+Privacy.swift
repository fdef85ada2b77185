import Foundation
import GRDB

/// Erasure (/forget, the admin API, retention) on SQLite: every row about the user in one
/// transaction, a tombstone in their place. `PRAGMA secure_delete` (set on every connection)
/// zeroes the deleted cells; `scrubErasedData` checkpoints the WAL so no old copy stays in it.
extension AppDatabase {
    public func forgetUser(_ userID: Int64, request: ErasureRequest, now: Date) async throws -> ErasureResult? {
        try await writer.write { db in
            let locale = try String.fetchOne(db, sql: "SELECT locale FROM users WHERE id = ? AND blocked_at IS NULL",
                                              arguments: [userID])
            guard let result = try Self.erase(userID, actor: request.actor, reason: request.reason, now: now, in: db) else {
                return nil
            }
            if let locale {
                try Self.insertOutbox(request.farewell(locale), chatID: userID, updateID: nil, priority: 0,
                                      dedupeKey: Farewell.key(result.userHash, now), now: now, in: db)
            }
            return result
        }
    }

    /// Deletes every row about `userID` and records the tombstone; nil when nothing was kept.
    static func erase(_ userID: Int64, actor: String, reason: String?, now: Date, in db: Database) throws -> ErasureResult? {
        let hash = Tombstone.hash(of: userID)
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [userID]) ?? 0 }
        let known = try count("SELECT COUNT(*) FROM users WHERE id = ?") + count("SELECT COUNT(*) FROM events WHERE user_id = ?")
            + count("SELECT COUNT(*) FROM support_messages WHERE user_id = ?") + count("SELECT COUNT(*) FROM media_tasks WHERE user_id = ?")
        guard known > 0 else { return nil }
        let held = try heldPhotos(of: userID, in: db)
        let hexes = try Set(String.fetchAll(db, sql: """
            SELECT sha256 FROM photos WHERE user_id = ?1 UNION SELECT thumb_sha256 FROM photos WHERE user_id = ?1
            UNION SELECT sha256 FROM renders WHERE user_id = ?1
            """, arguments: [userID])).union(held.flatMap(\.blobs))
        let photos = try count("SELECT COUNT(*) FROM photos WHERE user_id = ?") + held.count
        let renders = try count("SELECT COUNT(*) FROM renders WHERE user_id = ?")
        let events = try count("SELECT COUNT(*) FROM events WHERE user_id = ?")
        let support = try count("SELECT COUNT(*) FROM support_messages WHERE user_id = ?")
        // Events live on only as anonymous counts for the funnel.
        try db.execute(sql: """
            INSERT INTO erased_event_counts(kind, program_id, n)
            SELECT kind, COALESCE(program_id, ''), COUNT(*) FROM events WHERE user_id = ? GROUP BY kind, COALESCE(program_id, '')
            ON CONFLICT(kind, program_id) DO UPDATE SET n = erased_event_counts.n + excluded.n
            """, arguments: [userID])
        for table in ["events", "photos", "renders", "jobs", "media_tasks", "support_messages", "vision_usage", "retention_notices",
                      "experiment_overrides"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE user_id = ?", arguments: [userID])
        }
        try forgetGifts(of: userID, in: db)
        // Their chat, and the admins' copies of what they wrote to /contact (the Reply button names them).
        try db.execute(sql: "DELETE FROM outbox WHERE chat_id = ? OR action LIKE ?", arguments: [userID, "%ct:r:\(userID).%"])
        try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [userID])
        let released = try hexes.filter { try !isReferenced($0, db) }.sorted()
        for hex in released {
            try db.execute(sql: "DELETE FROM telegram_files WHERE sha256 = ?", arguments: [hex])
            try db.execute(sql: "DELETE FROM vision_answers WHERE sha256 = ?", arguments: [hex])
        }
        try db.execute(sql: "UPDATE audit_log SET target = ? WHERE target = ?",
                       arguments: [Tombstone.auditTarget(hash), "user:\(userID)"])
        try db.execute(sql: """
            INSERT INTO erasures(user_hash, erased_at, actor, reason) VALUES (?, ?, ?, ?)
            ON CONFLICT(user_hash) DO UPDATE SET erased_at = excluded.erased_at, actor = excluded.actor, reason = excluded.reason
            """, arguments: [hash, now.stored, actor, reason])
        let result = ErasureResult(userHash: hash, photos: photos, renders: renders, events: events,
                                   supportMessages: support, releasedBlobs: released)
        try insertMediaTasks([BlobErasureHandler.request(released, userHash: hash)], userID: 0, chatID: 0, now: now, in: db)
        try recordAudit(actor: actor, action: "user.forget", target: Tombstone.auditTarget(hash),
                        detail: result.auditDetail, reason: reason, now: now, db)
        return result
    }

    /// Whether the user was erased and has not started again since (no row).
    static func isErased(_ userID: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM erasures WHERE user_hash = ?)",
                          arguments: [Tombstone.hash(of: userID)]) ?? false
    }

    public func tombstones() async throws -> [Tombstone] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT user_hash, erased_at FROM erasures ORDER BY erased_at, user_hash").map {
                Tombstone(userHash: $0["user_hash"], erasedAt: ($0["erased_at"] as StoredDate).date)
            }
        }
    }

    public func isErased(userID: Int64) async throws -> Bool {
        try await writer.read { db in try Self.isErased(userID, in: db) }
    }

    /// Erases again every user a tombstone names who was there before it (a restored backup),
    /// and keeps the tombstones; a journey begun after the erasure stays.
    public func reapply(_ tombstones: [Tombstone], now: Date) async throws -> [ErasureResult] {
        try await writer.write { db in try Self.reapply(tombstones, in: db) }
    }

    /// `reapply` for a restore, which runs without the bot and outside any task.
    public func reapplyNow(_ tombstones: [Tombstone]) throws -> [ErasureResult] {
        let results = try writer.write { db in try Self.reapply(tombstones, in: db) }
        try writer.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return results
    }

    /// The tombstones in a database file (none when it has no such table or does not exist).
    public static func tombstones(inFileAt url: URL) throws -> [Tombstone] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        return try queue.read { db in
            guard try db.tableExists("erasures") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT user_hash, erased_at FROM erasures ORDER BY erased_at, user_hash").map {
                Tombstone(userHash: $0["user_hash"], erasedAt: ($0["erased_at"] as StoredDate).date)
            }
        }
    }

    static func reapply(_ tombstones: [Tombstone], in db: Database) throws -> [ErasureResult] {
        var results: [ErasureResult] = []
        let byHash = Dictionary(tombstones.map { ($0.userHash, $0) }, uniquingKeysWith: { $0.erasedAt > $1.erasedAt ? $0 : $1 })
        for row in try Row.fetchAll(db, sql: "SELECT id, created_at FROM users") {
            let id: Int64 = row["id"]
            guard let stone = byHash[Tombstone.hash(of: id)], (row["created_at"] as StoredDate).date <= stone.erasedAt else { continue }
            if let result = try Self.erase(id, actor: "restore", reason: nil, now: stone.erasedAt, in: db) { results.append(result) }
        }
        for stone in tombstones {
            try db.execute(sql: """
                INSERT INTO erasures(user_hash, erased_at, actor, reason) VALUES (?, ?, 'restore', NULL)
                ON CONFLICT(user_hash) DO UPDATE SET erased_at = MAX(erasures.erased_at, excluded.erased_at)
                """, arguments: [stone.userHash, stone.erasedAt.stored])
        }
        return results
    }

    public func privacyReport(monthStart: Date) async throws -> PrivacyReport {
        try await writer.read { db in
            let erasures = try Row.fetchAll(db, sql: """
                SELECT user_hash, erased_at, actor, reason FROM erasures WHERE erased_at >= ? ORDER BY erased_at DESC
                """, arguments: [monthStart.stored]).map {
                PrivacyReport.Erasure(user: String(($0["user_hash"] as String).prefix(16)), erasedAt: ($0["erased_at"] as StoredDate).date,
                                      actor: $0["actor"], reason: $0["reason"])
            }
            let runs = try Row.fetchAll(db, sql: """
                SELECT * FROM audit_log WHERE action = 'retention.run' AND at >= ? ORDER BY id DESC
                """, arguments: [monthStart.stored]).map {
                Self.auditEntry($0)
            }
            return PrivacyReport(
                monthStart: monthStart, erasuresThisMonth: erasures,
                erasuresInAll: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM erasures") ?? 0,
                pendingExports: try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM media_tasks WHERE kind = 'export' AND state IN ('pending', 'running')
                    """) ?? 0,
                retentionRuns: runs)
        }
    }

    /// Moves the erased rows out of the write-ahead log into the (zeroed) database file.
    public func scrubErasedData() async throws {
        try await writer.writeWithoutTransaction { db in
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}

import Foundation
import GRDB

/// Retention of inactive users' media on SQLite: each warning and each erasure is its own
/// transaction that checks again that it is still due, so a run cut short (a crash, a kill)
/// is simply finished by the next one and nothing is done twice.
extension AppDatabase {
    public func warnInactiveUsers(inactiveSince: Date, now: Date,
                                  warning: @escaping @Sendable (UserRecord) -> RetentionWarning) async throws -> Int {
        let due = try await writer.read { db in
            try Int64.fetchAll(db, sql: Self.warningDueSQL, arguments: [inactiveSince.stored, nil])
        }
        var warned = 0
        for userID in due {
            let done = try await writer.write { db -> Bool in
                guard try Int64.fetchOne(db, sql: Self.warningDueSQL, arguments: [inactiveSince.stored, userID]) != nil else {
                    return false
                }
                try db.execute(sql: """
                    INSERT INTO retention_notices(user_id, warned_at) VALUES (?, ?)
                    ON CONFLICT(user_id) DO UPDATE SET warned_at = excluded.warned_at
                    """, arguments: [userID, now.stored])
                if let user = try UserRecord.fetchOne(db, key: userID), user.blockedAt == nil {
                    let message = warning(user)
                    try Self.insertOutbox(message.actions, chatID: userID, updateID: nil, priority: 1, dedupeKey: nil,
                                          notBefore: message.notBefore, now: now, in: db)
                }
                return true
            }
            if done { warned += 1 }
        }
        return warned
    }

    public func eraseInactiveMedia(inactiveSince: Date, warnedBy: Date, now: Date) async throws -> [PurgeResult] {
        let since = inactiveSince.stored, warned = warnedBy.stored
        let due = try await writer.read { db in
            try Int64.fetchAll(db, sql: Self.erasureDueSQL, arguments: [since, warned, nil])
        }
        var results: [PurgeResult] = []
        for userID in due {
            let result = try await writer.write { db -> PurgeResult? in
                guard try Int64.fetchOne(db, sql: Self.erasureDueSQL, arguments: [since, warned, userID]) != nil else {
                    return nil
                }
                let result = try Self.deleteMedia(of: userID, in: db)
                try db.execute(sql: "DELETE FROM retention_notices WHERE user_id = ?", arguments: [userID])
                try Self.insertMediaTasks([BlobErasureHandler.request(result.releasedBlobs, userHash: Tombstone.hash(of: userID))],
                                          userID: 0, chatID: 0, now: now, in: db)
                try Self.recordAudit(actor: MediaRetention.actor, action: "retention.erase", target: "user:\(userID)",
                                     detail: result.auditDetail, now: now, db)
                return result
            }
            if let result { results.append(result) }
        }
        return results
    }

    /// The user `u` has photos, pictures or a photo held for their choice.
    static let hasMediaSQL = """
        (EXISTS(SELECT 1 FROM photos p WHERE p.user_id = u.id) OR EXISTS(SELECT 1 FROM renders r WHERE r.user_id = u.id)
         OR EXISTS(SELECT 1 FROM media_tasks t WHERE t.user_id = u.id AND t.kind = 'ingest' AND t.state = 'held'))
        """

    /// Users with photos or pictures, inactive since ?1, not warned since their last activity
    /// (`?2`: only that user; NULL: all).
    static let warningDueSQL = """
        SELECT u.id FROM users u
        WHERE u.last_activity_at <= ?1 AND (?2 IS NULL OR u.id = ?2)
          AND \(hasMediaSQL)
          AND NOT EXISTS(SELECT 1 FROM retention_notices n WHERE n.user_id = u.id AND n.warned_at >= u.last_activity_at)
        ORDER BY u.id
        """

    /// Users with photos or pictures, inactive since ?1, warned at or before ?2 and not active
    /// since the warning (`?3`: only that user; NULL: all).
    static let erasureDueSQL = """
        SELECT u.id FROM users u JOIN retention_notices n ON n.user_id = u.id
        WHERE u.last_activity_at <= ?1 AND n.warned_at >= u.last_activity_at AND n.warned_at <= ?2
          AND (?3 IS NULL OR u.id = ?3)
          AND \(hasMediaSQL)
        ORDER BY u.id
        """

    /// Deletes the user's photos, renders and photos held for their choice (diary full), and the
    /// cached Telegram file ids and vision answers of the blobs no row uses any more (returned,
    /// for the blob store). Held photos count as photos.
    static func deleteMedia(of userID: Int64, in db: Database) throws -> PurgeResult {
        var hexes = try Set(String.fetchAll(db, sql: """
            SELECT sha256 FROM photos WHERE user_id = ?1 UNION SELECT thumb_sha256 FROM photos WHERE user_id = ?1
            UNION SELECT sha256 FROM renders WHERE user_id = ?1
            """, arguments: [userID]))
        let photos = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM photos WHERE user_id = ?", arguments: [userID]) ?? 0
        let renders = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM renders WHERE user_id = ?", arguments: [userID]) ?? 0
        let bytes = try Int64.fetchOne(db, sql: """
            SELECT (SELECT COALESCE(SUM(bytes), 0) FROM photos WHERE user_id = ?1)
                 + (SELECT COALESCE(SUM(bytes), 0) FROM renders WHERE user_id = ?1)
            """, arguments: [userID]) ?? 0
        try db.execute(sql: "DELETE FROM photos WHERE user_id = ?", arguments: [userID])
        try db.execute(sql: "DELETE FROM renders WHERE user_id = ?", arguments: [userID])
        let held = try deleteHeldPhotos(of: userID, in: db)
        hexes.formUnion(held.flatMap(\.blobs))
        let released = try hexes.filter { try !isReferenced($0, db) }.sorted()
        for hex in released {
            try db.execute(sql: "DELETE FROM telegram_files WHERE sha256 = ?", arguments: [hex])
            try db.execute(sql: "DELETE FROM vision_answers WHERE sha256 = ?", arguments: [hex])
        }
        return PurgeResult(photos: photos + held.count, renders: renders,
                           bytes: bytes + Int64(held.reduce(0) { $0 + $1.bytes }), releasedBlobs: released)
    }
}

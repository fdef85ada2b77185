import Bot
import Foundation
import PostgresNIO

/// Retention of inactive users' media on PostgreSQL, as `AppDatabase+Retention`: one transaction
/// per warning and per erasure, under the user's chat lock, checking again that it is still due
/// (an update of theirs on another instance, or a second run, then finds nothing to do).
extension PostgresAppDatabase {
    public func warnInactiveUsers(inactiveSince: Date, now: Date,
                                  warning: @escaping @Sendable (UserRecord) -> RetentionWarning) async throws -> Int {
        let due = try await read { session in try await Self.warningsDue(inactiveSince, only: nil, in: session) }
        var warned = 0
        for userID in due {
            let done = try await write { session -> Bool in
                try await Self.lockChats([userID], in: session)
                guard try await !Self.warningsDue(inactiveSince, only: userID, in: session).isEmpty else { return false }
                try await session.execute("""
                    INSERT INTO retention_notices (user_id, warned_at) VALUES (\(userID), \(now.milliseconds))
                    ON CONFLICT (user_id) DO UPDATE SET warned_at = EXCLUDED.warned_at
                    """)
                if let user = try await Self.findUser(userID, in: session), user.blockedAt == nil {
                    let message = warning(user)
                    try await Self.insertOutbox(message.actions, chatID: userID, updateID: nil, priority: 1, dedupeKey: nil,
                                                notBefore: message.notBefore, now: now, in: session)
                }
                return true
            }
            if done { warned += 1 }
        }
        return warned
    }

    public func eraseInactiveMedia(inactiveSince: Date, warnedBy: Date, now: Date) async throws -> [PurgeResult] {
        let due = try await read { session in try await Self.erasuresDue(inactiveSince, warnedBy, only: nil, in: session) }
        var results: [PurgeResult] = []
        for userID in due {
            let result = try await write { session -> PurgeResult? in
                try await Self.lockChats([userID], in: session)
                guard try await !Self.erasuresDue(inactiveSince, warnedBy, only: userID, in: session).isEmpty else { return nil }
                let result = try await Self.deleteMedia(of: userID, in: session)
                try await session.execute("DELETE FROM retention_notices WHERE user_id = \(userID)")
                try await Self.insertMediaTasks([BlobErasureHandler.request(result.releasedBlobs,
                                                                            userHash: Tombstone.hash(of: userID))],
                                                userID: 0, chatID: 0, now: now, in: session)
                try await Self.recordAudit(actor: MediaRetention.actor, action: "retention.erase", target: "user:\(userID)",
                                           detail: result.auditDetail, now: now, in: session)
                return result
            }
            if let result { results.append(result) }
        }
        return results
    }

    /// The user `u` has photos, pictures or a photo held for their choice.
    static let hasMediaSQL = """
        (EXISTS (SELECT 1 FROM photos p WHERE p.user_id = u.id) OR EXISTS (SELECT 1 FROM renders r WHERE r.user_id = u.id)
         OR EXISTS (SELECT 1 FROM media_tasks t WHERE t.user_id = u.id AND t.kind = 'ingest' AND t.state = 'held'))
        """

    /// Users with photos or pictures, inactive since `inactiveSince`, not warned since their last activity.
    static func warningsDue(_ inactiveSince: Date, only userID: Int64?, in session: SQLSession) async throws -> [Int64] {
        try await session.rows("""
            SELECT u.id FROM users u
            WHERE u.last_activity_at <= \(inactiveSince.milliseconds)
              AND (\(userID)::BIGINT IS NULL OR u.id = \(userID))
              AND \(unescaped: Self.hasMediaSQL)
              AND NOT EXISTS (SELECT 1 FROM retention_notices n WHERE n.user_id = u.id AND n.warned_at >= u.last_activity_at)
            ORDER BY u.id
            """).map { try $0.value("id", as: Int64.self) }
    }

    /// Users with photos or pictures, inactive since `inactiveSince`, warned at or before
    /// `warnedBy` and not active since the warning.
    static func erasuresDue(_ inactiveSince: Date, _ warnedBy: Date, only userID: Int64?,
                            in session: SQLSession) async throws -> [Int64] {
        try await session.rows("""
            SELECT u.id FROM users u JOIN retention_notices n ON n.user_id = u.id
            WHERE u.last_activity_at <= \(inactiveSince.milliseconds) AND n.warned_at >= u.last_activity_at
              AND n.warned_at <= \(warnedBy.milliseconds) AND (\(userID)::BIGINT IS NULL OR u.id = \(userID))
              AND \(unescaped: Self.hasMediaSQL)
            ORDER BY u.id
            """).map { try $0.value("id", as: Int64.self) }
    }

    /// Deletes the user's photos, renders and photos held for their choice (diary full), and the
    /// cached Telegram file ids and vision answers of the blobs no row uses any more (returned,
    /// for the blob store). Held photos count as photos.
    static func deleteMedia(of userID: Int64, in session: SQLSession) async throws -> PurgeResult {
        var hexes = Set(try await session.rows("""
            SELECT sha256 AS hex FROM photos WHERE user_id = \(userID)
            UNION SELECT thumb_sha256 FROM photos WHERE user_id = \(userID)
            UNION SELECT sha256 FROM renders WHERE user_id = \(userID)
            """).map { try $0.value("hex", as: String.self) })
        let photos = try await session.rows("DELETE FROM photos WHERE user_id = \(userID) RETURNING bytes")
            .map { try $0.value("bytes", as: Int64.self) }
        let renders = try await session.rows("DELETE FROM renders WHERE user_id = \(userID) RETURNING bytes")
            .map { try $0.value("bytes", as: Int64.self) }
        let held = try await deleteHeldPhotos(of: userID, in: session)
        hexes.formUnion(held.flatMap(\.blobs))
        var released: [String] = []
        for hex in hexes.sorted() where try await !Self.isReferenced(hex, in: session) {
            released.append(hex)
            try await session.execute("DELETE FROM telegram_files WHERE sha256 = \(hex)")
            try await session.execute("DELETE FROM vision_answers WHERE sha256 = \(hex)")
        }
        return PurgeResult(photos: photos.count + held.count, renders: renders.count,
                           bytes: photos.reduce(0, +) + renders.reduce(0, +) + Int64(held.reduce(0) { $0 + $1.bytes }),
                           releasedBlobs: released)
    }
}

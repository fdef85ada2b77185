import Foundation
import GRDB

/// The photos table: the diary snapshot the conversation decides on, the changes it
/// decides, and the rows the media tasks write.
extension AppDatabase {
    static func photoDiary(of userID: Int64, in db: Database) throws -> PhotoDiary {
        // Read with every update: cached statements keep it to a lookup.
        let photos = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, day, sha256, thumb_sha256, green_coverage, created_at FROM photos WHERE user_id = ? ORDER BY day, id
            """), arguments: [userID]).map {
            PhotoDiaryEntry(id: $0["id"], day: $0["day"], sha256: $0["sha256"], thumbSHA256: $0["thumb_sha256"],
                       greenCoverage: $0["green_coverage"], takenAt: ($0["created_at"] as StoredDate).date)
        }
        let held = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, payload FROM media_tasks WHERE user_id = ? AND kind = 'ingest' AND state = 'held' ORDER BY id
            """), arguments: [userID]).compactMap { row -> HeldPhoto? in
            let payload: String = row["payload"]
            guard let decoded = try? JSONDecoder().decode(IngestPayload.self, from: Data(payload.utf8)) else { return nil }
            return HeldPhoto(taskID: row["id"], day: decoded.stored?.day ?? decoded.day)
        }
        return PhotoDiary(photos: photos, held: held)
    }

    /// The photos held in ingest tasks while their users choose (diary full): one user's, or
    /// everyone's when `userID` is nil.
    static func heldPhotos(of userID: Int64?, in db: Database) throws -> [MediaReferences.HeldRow] {
        try Row.fetchAll(db, sql: """
            SELECT id, user_id, payload FROM media_tasks
            WHERE kind = 'ingest' AND state = 'held' AND (?1 IS NULL OR user_id = ?1) ORDER BY id
            """, arguments: [userID]).compactMap {
            MediaReferences.HeldRow.decoding(taskID: $0["id"], userID: $0["user_id"], payload: $0["payload"])
        }
    }

    /// Deletes the user's held photos' tasks (their offers then answer "stale"); returns them.
    static func deleteHeldPhotos(of userID: Int64, in db: Database) throws -> [MediaReferences.HeldRow] {
        let held = try heldPhotos(of: userID, in: db)
        try db.execute(sql: "DELETE FROM media_tasks WHERE user_id = ? AND kind = 'ingest' AND state = 'held'", arguments: [userID])
        return held
    }

    /// The user's diary as it is now.
    public func photoDiary(of userID: Int64) async throws -> PhotoDiary {
        try await writer.read { db in try Self.photoDiary(of: userID, in: db) }
    }

    static func apply(_ changes: [PhotoDiaryChange], userID: Int64, now: Date, in db: Database) throws {
        for change in changes {
            switch change {
            case .deletePhoto(let id):
                try db.execute(sql: "DELETE FROM photos WHERE id = ? AND user_id = ?", arguments: [id, userID])
            case .adoptHeldPhoto(let taskID, let replaced):
                guard let payload = try String.fetchOne(db, sql: """
                    SELECT payload FROM media_tasks WHERE id = ? AND user_id = ? AND state = 'held'
                    """, arguments: [taskID, userID]),
                    let stored = try? JSONDecoder().decode(IngestPayload.self, from: Data(payload.utf8)).stored else { continue }
                try db.execute(sql: "DELETE FROM photos WHERE id = ? AND user_id = ?", arguments: [replaced, userID])
                try insertPhoto(stored, userID: userID, now: now, in: db)
                try db.execute(sql: "UPDATE media_tasks SET state = 'done', updated_at = ? WHERE id = ?", arguments: [now, taskID])
            case .discardHeldPhoto(let taskID):
                try db.execute(sql: """
                    UPDATE media_tasks SET state = 'cancelled', last_error = 'kept the diary as it was', updated_at = ?
                    WHERE id = ? AND user_id = ? AND state = 'held'
                    """, arguments: [now, taskID, userID])
            }
        }
    }

    /// Adds a photo row, dated when the user sent it (a photo held for a while, then adopted,
    /// keeps the journey it was taken in); the same photo (same normalised bytes) twice stays one row.
    @discardableResult
    static func insertPhoto(_ photo: StoredPhotoFacts, userID: Int64, now: Date, in db: Database) throws -> Bool {
        try Int64.fetchOne(db, sql: """
            INSERT INTO photos(user_id, program_id, day, sha256, thumb_sha256, bytes, width, height, source_format,
                               green_coverage, telegram_file_unique_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(user_id, sha256) DO NOTHING RETURNING id
            """, arguments: [userID, photo.programID, photo.day, photo.sha256, photo.thumbSHA256, photo.bytes, photo.width,
                             photo.height, photo.sourceFormat, photo.greenCoverage, photo.fileUniqueID,
                             (photo.takenAt ?? now).stored]) != nil
    }

    /// The day of the user's photo with these normalised bytes, or with this Telegram file, if stored.
    static func existingPhotoDay(userID: Int64, sha256: String?, fileUniqueID: String?, in db: Database) throws -> Int? {
        try Int.fetchOne(db, sql: """
            SELECT day FROM photos WHERE user_id = ? AND (sha256 = ? OR telegram_file_unique_id = ?) LIMIT 1
            """, arguments: [userID, sha256, fileUniqueID])
    }

    /// The day of a photo the user already stored from this Telegram file, if any.
    public func storedPhotoDay(userID: Int64, fileUniqueID: String) async throws -> Int? {
        try await writer.read { db in
            try Self.existingPhotoDay(userID: userID, sha256: nil, fileUniqueID: fileUniqueID, in: db)
        }
    }

    public typealias PhotoRow = Bot.PhotoRow

    /// The user's photos with these ids that still exist, in day order.
    public func photos(userID: Int64, ids: [Int64]) async throws -> [PhotoRow] {
        guard !ids.isEmpty else { return [] }
        return try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, day, sha256, green_coverage FROM photos WHERE user_id = ? AND id IN (\(Self.marks(ids.count))) ORDER BY day, id
                """, arguments: StatementArguments([userID] + ids)).map {
                PhotoRow(id: $0["id"], day: $0["day"], sha256: $0["sha256"], greenCoverage: $0["green_coverage"])
            }
        }
    }

    public func photoCount(userID: Int64) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM photos WHERE user_id = ?", arguments: [userID]) ?? 0
        }
    }

    /// The cached render of this kind and input set, if one was made.
    static func cachedRender(userID: Int64, kind: String, cacheKey: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT sha256 FROM renders WHERE user_id = ? AND kind = ? AND cache_key = ?",
                            arguments: [userID, kind, cacheKey])
    }

    public func cachedRender(userID: Int64, kind: String, cacheKey: String) async throws -> String? {
        try await writer.read { db in try Self.cachedRender(userID: userID, kind: kind, cacheKey: cacheKey, in: db) }
    }

    static func insertRender(userID: Int64, kind: String, cacheKey: String, sha256: String, bytes: Int,
                             sources: [String], now: Date, in db: Database) throws {
        let json = String(decoding: (try? JSONEncoder().encode(sources)) ?? Data("[]".utf8), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO renders(user_id, kind, cache_key, sha256, bytes, sources, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(user_id, kind, cache_key) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes
            """, arguments: [userID, kind, cacheKey, sha256, bytes, json, now])
    }

    /// How many renders the user has (tests, admin views).
    public func renderCount(userID: Int64) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM renders WHERE user_id = ?", arguments: [userID]) ?? 0
        }
    }
}

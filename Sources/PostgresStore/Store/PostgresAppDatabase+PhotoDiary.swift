import Bot
import Foundation
import PostgresNIO

/// The photo diary's rows: the snapshot intake decides on, its changes, and photo filing.
extension PostgresAppDatabase {
    /// The parts of an ingest task's payload the diary reads (the payload type is Bot's own).
    struct HeldIngest: Decodable {
        var day: Int
        var stored: StoredPhotoFacts?
    }

    /// The photos held in ingest tasks while their users choose (diary full): one user's, or
    /// everyone's when `userID` is nil.
    static func heldPhotos(of userID: Int64?, in session: SQLSession) async throws -> [MediaReferences.HeldRow] {
        try await session.rows("""
            SELECT id, user_id, payload FROM media_tasks
            WHERE kind = 'ingest' AND state = 'held' AND (\(userID)::BIGINT IS NULL OR user_id = \(userID)) ORDER BY id
            """).compactMap { row in
            MediaReferences.HeldRow.decoding(taskID: try row.value("id"), userID: try row.value("user_id"),
                                             payload: try row.value("payload"))
        }
    }

    /// Deletes the user's held photos' tasks (their offers then answer "stale"); returns them.
    static func deleteHeldPhotos(of userID: Int64, in session: SQLSession) async throws -> [MediaReferences.HeldRow] {
        let held = try await heldPhotos(of: userID, in: session)
        try await session.execute("DELETE FROM media_tasks WHERE user_id = \(userID) AND kind = 'ingest' AND state = 'held'")
        return held
    }

    static func photoDiary(of userID: Int64, in session: SQLSession) async throws -> PhotoDiary {
        try await decisionSnapshot(of: userID, in: session).photoDiary
    }

    public func photoDiary(of userID: Int64) async throws -> PhotoDiary {
        try await read { try await Self.photoDiary(of: userID, in: $0) }
    }

    static func apply(_ changes: [PhotoDiaryChange], userID: Int64, now: Date, in session: SQLSession) async throws {
        for change in changes {
            switch change {
            case .deletePhoto(let id):
                try await session.execute("DELETE FROM photos WHERE id = \(id) AND user_id = \(userID)")
            case .adoptHeldPhoto(let taskID, let replaced):
                guard let payload = try await session.scalar("""
                    SELECT payload FROM media_tasks WHERE id = \(taskID) AND user_id = \(userID) AND state = 'held'
                    """, as: String.self),
                    let stored = try? JSONDecoder().decode(HeldIngest.self, from: Data(payload.utf8)).stored else { continue }
                try await session.execute("DELETE FROM photos WHERE id = \(replaced) AND user_id = \(userID)")
                try await insertPhoto(stored, userID: userID, now: now, in: session)
                try await session.execute("""
                    UPDATE media_tasks SET state = 'done', updated_at = \(now.milliseconds) WHERE id = \(taskID)
                    """)
            case .discardHeldPhoto(let taskID):
                try await session.execute("""
                    UPDATE media_tasks SET state = 'cancelled', last_error = 'kept the diary as it was',
                        updated_at = \(now.milliseconds)
                    WHERE id = \(taskID) AND user_id = \(userID) AND state = 'held'
                    """)
            }
        }
    }

    /// Dated when the user sent it, as on SQLite (a photo held, then adopted, keeps its journey).
    static func insertPhoto(_ photo: StoredPhotoFacts, userID: Int64, now: Date, in session: SQLSession) async throws {
        try await session.execute("""
            INSERT INTO photos (user_id, program_id, day, sha256, thumb_sha256, bytes, width, height, source_format,
                                green_coverage, telegram_file_unique_id, created_at)
            VALUES (\(userID), \(photo.programID), \(Int64(photo.day)), \(photo.sha256), \(photo.thumbSHA256),
                    \(Int64(photo.bytes)), \(Int64(photo.width)), \(Int64(photo.height)), \(photo.sourceFormat),
                    \(photo.greenCoverage), \(photo.fileUniqueID), \((photo.takenAt ?? now).milliseconds))
            ON CONFLICT (user_id, sha256) DO NOTHING
            """)
    }

    static func existingPhotoDay(userID: Int64, sha256: String?, fileUniqueID: String?,
                                 in session: SQLSession) async throws -> Int? {
        try await session.scalar("""
            SELECT day FROM photos WHERE user_id = \(userID) AND (sha256 = \(sha256) OR telegram_file_unique_id = \(fileUniqueID))
            LIMIT 1
            """, as: Int64.self).map(Int.init)
    }

    static func file(_ filing: PhotoFiling, for task: MediaTask, now: Date, in session: SQLSession) async throws -> MediaTaskOutcome {
        var siblings: [PhotoFiling.Sibling] = []
        if let group = filing.albumGroup {
            siblings = try await session.rows("""
                SELECT id, state, payload FROM media_tasks
                WHERE user_id = \(task.userID) AND kind = \(task.kind) AND id <> \(task.id)
                  AND payload LIKE \(PhotoFiling.albumPattern(group)) ESCAPE '\\' ORDER BY id
                """).map { PhotoFiling.Sibling(taskID: try $0.value("id"), state: try $0.value("state"),
                                               payload: try $0.value("payload")) }
        }
        let snapshot = try await decisionSnapshot(of: task.userID, in: session)
        let facts = PhotoFiling.Facts(
            user: snapshot.user,
            existingDay: try await existingPhotoDay(userID: task.userID, sha256: filing.sha256,
                                                    fileUniqueID: filing.fileUniqueID, in: session),
            photoDiary: snapshot.photoDiary,
            siblings: siblings)
        let plan = try filing.plan(facts, for: task)
        if let photo = plan.insert {
            try await insertPhoto(photo, userID: task.userID, now: now, in: session)
            if let vision = plan.visionTask {
                try await insertMediaTasks([vision], userID: task.userID, chatID: task.chatID, now: now, in: session)
            }
        }
        if let payload = plan.itemPayload {
            try await session.execute("UPDATE media_tasks SET payload = \(payload) WHERE id = \(task.id)")
        }
        return plan.outcome
    }

    public func storedPhotoDay(userID: Int64, fileUniqueID: String) async throws -> Int? {
        try await read { try await Self.existingPhotoDay(userID: userID, sha256: nil, fileUniqueID: fileUniqueID, in: $0) }
    }

    public func photos(userID: Int64, ids: [Int64]) async throws -> [PhotoRow] {
        guard !ids.isEmpty else { return [] }
        return try await read { session in
            try await session.rows("""
                SELECT id, day, sha256, green_coverage FROM photos WHERE user_id = \(userID) AND id = ANY(\(ids)) ORDER BY day, id
                """).map { PhotoRow(id: try $0.value("id"), day: try $0.int("day"), sha256: try $0.value("sha256"),
                                    greenCoverage: try $0.value("green_coverage")) }
        }
    }

    public func photoRows(userID: Int64) async throws -> [StoredPhotoRow] {
        try await read { session in
            try await session.rows("""
                SELECT sha256, day, green_coverage, created_at FROM photos WHERE user_id = \(userID)
                ORDER BY day, created_at, id
                """).map { StoredPhotoRow(sha256: try $0.value("sha256"), day: try $0.int("day"),
                                          greenCoverage: try $0.value("green_coverage"), createdAt: try $0.date("created_at")) }
        }
    }

    public func photoCount(userID: Int64) async throws -> Int {
        try await read { session in
            Int(try await session.scalar("SELECT COUNT(*) FROM photos WHERE user_id = \(userID)", as: Int64.self) ?? 0)
        }
    }

    public func cachedRender(userID: Int64, kind: String, cacheKey: String) async throws -> String? {
        try await read { session in
            try await session.scalar("""
                SELECT sha256 FROM renders WHERE user_id = \(userID) AND kind = \(kind) AND cache_key = \(cacheKey)
                """, as: String.self)
        }
    }

    public func renderCount(userID: Int64) async throws -> Int {
        try await read { session in
            Int(try await session.scalar("SELECT COUNT(*) FROM renders WHERE user_id = \(userID)", as: Int64.self) ?? 0)
        }
    }
}

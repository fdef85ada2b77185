import Bot
import Foundation
import PostgresNIO

/// The users table: read and written as the SQLite store does (`UserRecord.savedColumns`).
extension PostgresAppDatabase {
    static let userColumns = """
        id, first_name, language_code, locale, kit_code, status, progress, conversation, timezone, blocked_at,
        created_at, updated_at, last_activity_at, reminder_time, quiet_hours_opt_out, max_photos, max_media_bytes,
        narration
        """

    /// The upsert's `SET` list: every column but the id takes the new row's value.
    static let userUpdates = userColumns.split(separator: ",").dropFirst()
        .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")

    static func userRecord(_ row: PostgresRandomAccessRow) throws -> UserRecord {
        var user = UserRecord(id: try row.value("id"), firstName: try row.value("first_name"),
                              languageCode: try row.value("language_code"), locale: try row.value("locale"),
                              now: try row.date("created_at"))
        user.kitCode = try row.value("kit_code")
        let status: String = try row.value("status")
        guard let known = UserRecord.Status(rawValue: status) else {
            throw PostgresStoreError(code: .query(why: "users.status has an unknown value"))
        }
        user.status = known
        user.progress = try row.value("progress")
        user.conversation = try row.value("conversation")
        user.timezone = try row.value("timezone")
        user.blockedAt = try row.optionalDate("blocked_at")
        user.createdAt = try row.date("created_at")
        user.updatedAt = try row.date("updated_at")
        user.lastActivityAt = try row.date("last_activity_at")
        user.reminderMinute = try row.int("reminder_time")
        user.quietHoursOptOut = try row.value("quiet_hours_opt_out")
        user.maxPhotos = try row.value("max_photos", as: Int64?.self).map(Int.init)
        user.maxMediaBytes = try row.value("max_media_bytes", as: Int64?.self).map(Int.init)
        user.narration = try row.value("narration")
        return user
    }

    /// `forUpdate` locks the row until the transaction ends (a read-modify-write on several instances).
    static func findUser(_ id: Int64, forUpdate: Bool = false, in session: SQLSession) async throws -> UserRecord? {
        try await session.rows("""
            SELECT \(unescaped: userColumns) FROM users WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(userRecord)
    }

    static func findUsers(_ ids: [Int64], in session: SQLSession) async throws -> [Int64: UserRecord] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await session.rows("SELECT \(unescaped: userColumns) FROM users WHERE id = ANY(\(ids))")
        var users: [Int64: UserRecord] = [:]
        for row in rows {
            let user = try userRecord(row)
            users[user.id] = user
        }
        return users
    }

    /// Inserts or replaces the whole row, as `UserRecord.save(in:)` does on SQLite.
    static func save(_ user: UserRecord, in session: SQLSession) async throws {
        try await session.execute("""
            INSERT INTO users (\(unescaped: userColumns)) VALUES (
                \(user.id), \(user.firstName), \(user.languageCode), \(user.locale), \(user.kitCode),
                \(user.status.rawValue), \(user.progress), \(user.conversation), \(user.timezone),
                \(user.blockedAt?.milliseconds), \(user.createdAt.milliseconds), \(user.updatedAt.milliseconds),
                \(user.lastActivityAt.milliseconds), \(Int64(user.reminderMinute)), \(user.quietHoursOptOut),
                \(user.maxPhotos.map(Int64.init)), \(user.maxMediaBytes.map(Int64.init)), \(user.narration))
            ON CONFLICT (id) DO UPDATE SET \(unescaped: userUpdates)
            """)
    }

    public func user(_ id: Int64) async throws -> UserRecord? {
        try await read { try await Self.findUser(id, in: $0) }
    }

    public func events(userID: Int64) async throws -> [AnalyticsEvent] {
        try await read { session in
            try await session.rows("SELECT kind, program_id, detail FROM events WHERE user_id = \(userID) ORDER BY id")
                .map { AnalyticsEvent(kind: try $0.value("kind"), programID: try $0.value("program_id"),
                                      detail: try $0.value("detail")) }
        }
    }

    public func importUsers(_ users: [UserRecord], jobs: [PlannedJob], now: Date) async throws {
        try await write { session in
            for user in users { try await Self.save(user, in: session) }
            for job in jobs { try await Self.upsertJob(job, now: now, in: session) }
        }
    }

    public func isBlocked(chatID: Int64) async throws -> Bool {
        try await read { session in
            try await session.scalar("SELECT blocked_at IS NOT NULL FROM users WHERE id = \(chatID)", as: Bool.self) ?? false
        }
    }
}

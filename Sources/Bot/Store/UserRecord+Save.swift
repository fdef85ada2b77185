import Foundation
import GRDB

extension UserRecord {
    /// Every column `save(in:)` writes, in its UPDATE's order (the id last, in WHERE). A test
    /// checks it against the columns the record encodes, so a new field cannot be left out.
    static let savedColumns = [
        "first_name", "language_code", "locale", "kit_code", "status", "progress", "conversation", "timezone",
        "blocked_at", "created_at", "updated_at", "last_activity_at", "reminder_time", "quiet_hours_opt_out",
        "max_photos", "max_media_bytes", "narration",
    ]

    private static let updateSQL = "UPDATE users SET "
        + savedColumns.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ? RETURNING id"

    /// Writes the user as GRDB's `save` would (update, or insert when the row is missing), through
    /// one cached statement: intake saves a user with every update, and the generic persistence
    /// (encoding into a container, building the SQL, reading the primary key) cost more than the
    /// statement itself.
    func save(in db: Database) throws {
        let values: [(any DatabaseValueConvertible)?] = [
            firstName, languageCode, locale, kitCode, status.rawValue, progress, conversation, timezone,
            blockedAt?.stored, createdAt.stored, updatedAt.stored, lastActivityAt.stored, reminderMinute,
            quietHoursOptOut, maxPhotos, maxMediaBytes, narration, id,
        ]
        // RETURNING tells whether the row existed, the same on every engine (no change counts).
        if try Int64.fetchOne(db.cachedStatement(sql: Self.updateSQL), arguments: StatementArguments(values)) == nil {
            try insert(db)
        }
    }
}

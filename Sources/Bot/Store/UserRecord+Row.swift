import Foundation
import GRDB

extension UserRecord {
    /// Reads the row column by column rather than through `Decodable` (GRDB's row decoder): the
    /// scheduler reads a user per reminder and intake one per update, and the generic decoding
    /// cost more than the query. Throws, never traps, on a value of the wrong type or an unknown
    /// status. `UserRecordRowTests` checks it reads every column `savedColumns` lists.
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        firstName = try row.decode(forColumn: "first_name")
        languageCode = try row.decode(forColumn: "language_code")
        locale = try row.decode(forColumn: "locale")
        kitCode = try row.decode(forColumn: "kit_code")
        let statusName: String = try row.decode(forColumn: "status")
        guard let status = Status(rawValue: statusName) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "users.status has an unknown value")
        }
        self.status = status
        progress = try row.decode(forColumn: "progress")
        conversation = try row.decode(forColumn: "conversation")
        timezone = try row.decode(forColumn: "timezone")
        blockedAt = (try row.decode(forColumn: "blocked_at") as StoredDate?)?.date
        createdAt = (try row.decode(forColumn: "created_at") as StoredDate).date
        updatedAt = (try row.decode(forColumn: "updated_at") as StoredDate).date
        lastActivityAt = (try row.decode(forColumn: "last_activity_at") as StoredDate).date
        reminderMinute = try row.decode(forColumn: "reminder_time")
        quietHoursOptOut = try row.decode(forColumn: "quiet_hours_opt_out")
        maxPhotos = try row.decode(forColumn: "max_photos")
        maxMediaBytes = try row.decode(forColumn: "max_media_bytes")
        narration = try row.decode(forColumn: "narration")
    }
}

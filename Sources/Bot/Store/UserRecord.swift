import Foundation
import GRDB

/// One person talking to the bot in a private chat.
public struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "users"

    public enum Status: String, Codable, Sendable {
        case new, active, paused, stopped, completed
    }

    public var id: Int64
    public var firstName: String
    public var languageCode: String?
    public var locale: String
    public var kitCode: String?
    public var status: Status
    public var progress: String?
    public var conversation: String?
    public var timezone: String
    public var blockedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var lastActivityAt: Date
    /// When reminders arrive: minutes after local midnight (10:00 by default).
    public var reminderMinute: Int = 600
    /// The user asked for reminders at any hour, so quiet hours (22:00–08:00) do not hold them back.
    public var quietHoursOptOut: Bool = false
    /// Photo diary cap set by an admin; nil means the configured default.
    public var maxPhotos: Int?
    /// Media byte cap set by an admin; nil means none.
    public var maxMediaBytes: Int?
    /// How practices arrive: "text" or "audio"; nil until the user chose (served as text).
    public var narration: String?

    public init(id: Int64, firstName: String, languageCode: String?, locale: String, now: Date) {
        self.id = id
        self.firstName = firstName
        self.languageCode = languageCode
        self.locale = locale
        self.status = .new
        self.timezone = "Europe/Moscow"
        self.createdAt = now
        self.updatedAt = now
        self.lastActivityAt = now
    }

    enum CodingKeys: String, CodingKey {
        case id, locale, status, progress, conversation, timezone
        case firstName = "first_name"
        case languageCode = "language_code"
        case kitCode = "kit_code"
        case blockedAt = "blocked_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastActivityAt = "last_activity_at"
        case reminderMinute = "reminder_time"
        case quietHoursOptOut = "quiet_hours_opt_out"
        case maxPhotos = "max_photos"
        case maxMediaBytes = "max_media_bytes"
        case narration
    }

    /// Dates as GRDB writes them, without its DateFormatter (see `StoredDate`).
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { StoredDate.text($0) }
    }

    /// Read back through `StoredDate`, at the stored precision, as `init(row:)` does.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { StoredDate.fromDatabaseValue($0)?.date }
    }

    var isBlocked: Bool { blockedAt != nil }

    /// The user with this id, through a cached statement: intake and the scheduler read a user
    /// per update or job, and `fetchOne(db, key:)` prepares its SQL anew every time.
    static func find(_ id: Int64, in db: Database) throws -> UserRecord? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE id = ?"), arguments: [id])
    }

    /// The user's IANA time zone; Moscow when the stored name is unknown to this system.
    public var timeZone: TimeZone {
        TimeZone(identifier: timezone) ?? TimeZone(identifier: "Europe/Moscow") ?? .gmt
    }
}

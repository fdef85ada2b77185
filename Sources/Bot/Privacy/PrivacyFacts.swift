/// What /privacy tells about this installation: where data lives and how long it stays.
public struct PrivacyFacts: Sendable, Equatable {
    /// Media in S3-compatible object storage rather than on the bot's own disk.
    public var objectStorage = false
    /// The oldest backup kept, in days: after /forget, data remains only in backups this young.
    public var backupDays = 28
    /// SOGRETO_RETENTION_INACTIVE_DAYS: media of users inactive this long are erased; nil: kept.
    public var inactiveDays: Int?

    public init(objectStorage: Bool = false, backupDays: Int = 28, inactiveDays: Int? = nil) {
        self.objectStorage = objectStorage
        self.backupDays = backupDays
        self.inactiveDays = inactiveDays
    }
}

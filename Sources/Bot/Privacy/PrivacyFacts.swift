/// What /privacy tells about this installation: where data lives and how long it stays.
struct PrivacyFacts: Sendable, Equatable {
    /// Media in S3-compatible object storage rather than on the bot's own disk.
    var objectStorage = false
    /// The oldest backup kept, in days: after /forget, data remains only in backups this young.
    var backupDays = 28
    /// SOGRETO_RETENTION_INACTIVE_DAYS: media of users inactive this long are erased; nil: kept.
    var inactiveDays: Int?

    init(objectStorage: Bool = false, backupDays: Int = 28, inactiveDays: Int? = nil) {
        self.objectStorage = objectStorage
        self.backupDays = backupDays
        self.inactiveDays = inactiveDays
    }
}

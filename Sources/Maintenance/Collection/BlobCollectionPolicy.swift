public import Foundation

/// When a blob no row refers to may be deleted. A blob released (first found with no row) at R
/// is still needed by a backup taken before R whose media live only in the store (S3 mode: the
/// backup copies the database, not the blobs). So it goes once it is past the upload window and
/// either backups carry their own media (the local folder's hard links), or every retained
/// backup was taken after R, or R is older than the backup retention period.
public struct BlobCollectionPolicy: Sendable {
    /// Blobs younger than this, or released less than this ago, stay: an upload writes its blob
    /// a moment before its row, and storing existing bytes renews the blob's time.
    public var uploadWindow: TimeInterval
    /// Whether every backup holds its own copy of the blobs it needs.
    public var backupsCarryMedia: Bool
    /// How long backups are kept at most (`SOGRETO_BACKUP_KEEP_*`): after that no backup
    /// taken before a release remains, wherever backups live.
    public var retentionPeriod: TimeInterval

    public init(uploadWindow: TimeInterval = 3_600, backupsCarryMedia: Bool, retentionPeriod: TimeInterval) {
        self.uploadWindow = uploadWindow
        self.backupsCarryMedia = backupsCarryMedia
        self.retentionPeriod = retentionPeriod
    }

    /// The longest a backup is kept under daily and weekly keep counts, with a day to spare.
    public static func retention(keepDaily: Int, keepWeekly: Int) -> TimeInterval {
        TimeInterval(max(keepDaily, keepWeekly * 7) + 1) * 86_400
    }

    /// Whether a blob released at `releasedAt` may go at `now`, given when the retained backups were taken.
    func mayDelete(releasedAt: Date, now: Date, retainedBackups: [Date]) -> Bool {
        guard now.timeIntervalSince(releasedAt) >= uploadWindow else { return false }
        if backupsCarryMedia { return true }
        if now.timeIntervalSince(releasedAt) >= retentionPeriod { return true }
        return retainedBackups.allSatisfy { $0 > releasedAt }
    }
}

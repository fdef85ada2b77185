import Bot
import Foundation
import Logging
import Operations
import ServiceLifecycle

/// The background services of `sogreto run` besides the bot itself: the daily backup, the
/// collection of unreferenced blobs (which respects the retained backups) and the alert monitor
/// (which also watches that the daily backups keep coming).
enum OperationsServices {
    static func make(configuration: Configuration, runtime: BotRuntime, signals: OperationalSignals,
                     clock: any BotClock, logger: Logger) -> [any Service] {
        let writer = BackupWriter(database: runtime.database, dataDirectory: configuration.dataDirectory,
                                  backupsDirectory: configuration.backupsDirectory, blobs: runtime.blobs)
        let backups = writer.backupsDirectory
        var lastBackup: (@Sendable () -> Date?)?
        if configuration.backups.minuteOfDay != nil {
            lastBackup = { @Sendable in BackupName.newest(in: backups) }
        }
        let backup = BackupService(writer: writer, settings: configuration.backups, clock: clock, logger: logger)
        let monitor = runtime.alertMonitor(signals: signals, configuration: configuration, clock: clock, lastBackup: lastBackup)
        let policy = BlobCollectionPolicy(
            backupsCarryMedia: writer.includesMedia,
            retentionPeriod: BlobCollectionPolicy.retention(keepDaily: configuration.backups.keepDaily,
                                                            keepWeekly: configuration.backups.keepWeekly))
        let collector = BlobCollector(database: runtime.database, blobs: runtime.blobs, policy: policy,
                                      retainedBackups: BlobCollector.backups(in: backups))
        let collection = BlobCollectionService(collector: collector, clock: clock, logger: logger)
        return [backup, collection, monitor]
    }
}

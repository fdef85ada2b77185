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
        var services: [any Service] = []
        var lastBackup: (@Sendable () -> Date?)?
        let backups = configuration.backupsDirectory
        // Without file backups no backup holds blobs of its own: released blobs wait out the retention.
        var backupsCarryMedia = false
        // File backups are SQLite's: another engine is backed up by its own tools.
        if let sqlite = runtime.sqlite {
            let writer = BackupWriter(database: sqlite, dataDirectory: configuration.dataDirectory,
                                      backupsDirectory: backups, blobs: runtime.blobs)
            backupsCarryMedia = writer.includesMedia
            if configuration.backups.minuteOfDay != nil {
                lastBackup = { @Sendable in BackupName.newest(in: backups) }
            }
            services.append(BackupService(writer: writer, settings: configuration.backups, clock: clock, logger: logger))
        }
        let policy = BlobCollectionPolicy(
            backupsCarryMedia: backupsCarryMedia,
            retentionPeriod: BlobCollectionPolicy.retention(keepDaily: configuration.backups.keepDaily,
                                                            keepWeekly: configuration.backups.keepWeekly))
        let collector = BlobCollector(database: runtime.database, blobs: runtime.blobs, policy: policy,
                                      retainedBackups: BlobCollector.backups(in: backups))
        services.append(BlobCollectionService(collector: collector, clock: clock, logger: logger))
        services.append(runtime.alertMonitor(signals: signals, configuration: configuration, clock: clock, lastBackup: lastBackup))
        return services
    }
}

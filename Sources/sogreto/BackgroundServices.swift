import Bot
import Foundation
import Logging
import Maintenance
import PostgresStore
import ServiceLifecycle

/// The background services of `sogreto run` besides the bot itself: the daily backup, the
/// collection of unreferenced blobs (which respects the retained backups) and the alert monitor
/// (which also watches that the daily backups keep coming).
enum BackgroundServices {
    /// `postgres`: the store's URL when it is PostgreSQL (backed up with `pg_dump`, when installed).
    static func make(configuration: Configuration, runtime: BotRuntime, signals: OperationalSignals,
                     clock: any BotClock, postgres: DatabaseURL? = nil, logger: Logger) -> [any Service] {
        var services: [any Service] = []
        var lastBackup: (@Sendable () -> Date?)?
        let backups = configuration.backupsDirectory
        // Without backups no backup holds blobs of its own: released blobs wait out the retention.
        var backupsCarryMedia = false
        var snapshot = runtime.sqlite.map { DatabaseSnapshot.sqlite($0) }
        if let postgres, snapshot == nil {
            snapshot = PostgresDump.find().map { tools in
                DatabaseSnapshot(fileName: BackupManifest.postgresDumpFileName) { try tools.dumpNow(postgres, to: $0) }
            }
            if snapshot == nil { logger.warning("no daily backups: \(PostgresDump.missingToolsSentence)") }
        }
        if let snapshot {
            let writer = BackupWriter(snapshot: snapshot, dataDirectory: configuration.dataDirectory,
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

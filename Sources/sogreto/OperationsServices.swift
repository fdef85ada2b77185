import Bot
import Foundation
import Logging
import Operations
import ServiceLifecycle

/// The background services of `sogreto run` besides the bot itself: the daily backup and the
/// alert monitor.
enum OperationsServices {
    static func make(configuration: Configuration, runtime: BotRuntime, signals: OperationalSignals,
                     clock: any BotClock, logger: Logger) -> [any Service] {
        let writer = BackupWriter(database: runtime.database, dataDirectory: configuration.dataDirectory,
                                  backupsDirectory: configuration.backupsDirectory)
        return [
            BackupService(writer: writer, settings: configuration.backups, clock: clock, logger: logger),
            runtime.alertMonitor(signals: signals, configuration: configuration, clock: clock),
        ]
    }
}

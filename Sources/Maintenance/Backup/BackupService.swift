public import Bot
public import Foundation
public import Logging
import ServiceLifecycle

/// The daily backup inside `sogreto run`: sleeps (on the injected clock) until the configured
/// local time, takes a backup, prunes old ones, and repeats. A failed backup is logged as an
/// error (which the alert monitor counts) and retried the next day.
public struct BackupService: ShortlyDescribedService {
    public var description: String { "BackupService" }

    let writer: BackupWriter
    let settings: BackupSettings
    let calendar: Calendar
    let clock: any BotClock
    let logger: Logger

    /// `timeZone` is the zone of `settings.minuteOfDay`, normally the server's (`TZ`).
    public init(writer: BackupWriter, settings: BackupSettings, timeZone: TimeZone = .current, clock: any BotClock,
                logger: Logger) {
        self.writer = writer
        self.settings = settings
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        guard let minute = settings.minuteOfDay else {
            logger.info("daily backups are off (SOGRETO_BACKUP_TIME=off)")
            // A service that returns ends the whole group: stay until shutdown.
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let next = Self.nextRun(after: clock.now(), minuteOfDay: minute, calendar: calendar)
            logger.debug("next backup", metadata: ["at": "\(next)"])
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: next) }
            } catch {
                return
            }
            await backUpOnce()
        }
    }

    /// One backup and pruning now; also what `sogreto backup` does.
    @discardableResult
    func backUpOnce() async -> BackupWriter.Result? {
        let now = clock.now()
        do {
            let result = try await writer.makeInBackground(now: now)
            let deleted = BackupRetention.prune(writer.backupsDirectory, daily: settings.keepDaily,
                                                weekly: settings.keepWeekly, calendar: calendar, now: now)
            logger.info("backup written", metadata: [
                "backup": "\(result.folder.lastPathComponent)", "files": "\(result.manifest.files.count)",
                "bytes": "\(result.manifest.totalBytes)", "pruned": "\(deleted.count)",
            ])
            return result
        } catch {
            logger.error("backup failed", metadata: ["error": "\(ErrorSummary.of(error))"])
            return nil
        }
    }

    /// The first instant after `now` whose local time is `minuteOfDay`; a time skipped by a
    /// daylight-saving jump runs at the first instant after the gap.
    static func nextRun(after now: Date, minuteOfDay: Int, calendar: Calendar) -> Date {
        let wanted = DateComponents(hour: minuteOfDay / 60, minute: minuteOfDay % 60, second: 0)
        return calendar.nextDate(after: now, matching: wanted, matchingPolicy: .nextTime) ?? now.addingTimeInterval(86_400)
    }
}

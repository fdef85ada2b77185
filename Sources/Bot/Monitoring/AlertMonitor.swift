import Foundation
import Logging
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// Looks every `checkInterval` at error bursts, repeated 429s, the delivery backlog and free
/// disk space, and tells the admins once when an incident opens and once when it is resolved,
/// not per event. The open incidents are stored, so a restart does not alert again.
public struct AlertMonitor: Service {
    let database: any Store
    let signals: OperationalSignals
    let thresholds: AlertThresholds
    let admins: Set<Int64>
    let strings: BotStrings
    let environment: String
    let clock: any BotClock
    let diskFreePercent: @Sendable () -> Double?
    let delivery: WakeSignal?
    /// When the newest backup was taken (nil: none yet); nil when backups are not watched.
    let lastBackup: (@Sendable () -> Date?)?
    /// Stands in for the newest backup until there is one, so backups failing from the first day are noticed.
    let startedAt: Date
    let logger: Logger

    init(database: any Store, signals: OperationalSignals, thresholds: AlertThresholds, admins: Set<Int64>,
                strings: BotStrings, environment: String, clock: any BotClock,
                diskFreePercent: @escaping @Sendable () -> Double?, delivery: WakeSignal? = nil,
                lastBackup: (@Sendable () -> Date?)? = nil, logger: Logger) {
        self.database = database
        self.signals = signals
        self.thresholds = thresholds
        self.admins = admins
        self.strings = strings
        self.environment = environment
        self.clock = clock
        self.diskFreePercent = diskFreePercent
        self.delivery = delivery
        self.lastBackup = lastBackup
        self.startedAt = clock.now()
        self.logger = logger
    }

    public func run() async throws {
        if admins.isEmpty { logger.notice("no SOGRETO_ADMIN_IDS: incidents are logged but nobody is told") }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown {
                    try await clock.sleep(until: clock.now().addingTimeInterval(thresholds.checkInterval))
                }
            } catch {
                return
            }
            do {
                try await check()
            } catch {
                logger.warning("alert check failed", metadata: ["error": "\(ErrorSummary.of(error))"])
            }
        }
    }

    /// One look: reads the signals, updates the stored incidents, queues the admins' messages.
    @discardableResult
    public func check() async throws -> [IncidentChange] {
        let now = clock.now()
        let since = now.addingTimeInterval(-thresholds.window)
        let reading = AlertReading(errors: signals.errorCount(since: since), rateLimits: signals.rateLimitCount(since: since),
                                   backlog: try await database.deliveryBacklog(olderThan: thresholds.backlogAge, now: now),
                                   diskFreePercent: diskFreePercent(),
                                   backupAge: lastBackup.map { now.timeIntervalSince($0() ?? startedAt) })
        let before = try await database.incidentBook()
        var book = before
        let changes = book.update(with: reading, thresholds: thresholds, now: now)
        guard book != before else { return [] }
        let strings = strings
        let environment = environment
        let thresholds = thresholds
        try await database.recordIncidents(book, changes: changes, admins: admins, now: now) { change, locale in
            AlertText.render(change, locale: locale, environment: environment, thresholds: thresholds, strings: strings)
        }
        for change in changes {
            switch change {
            case .opened(let incident):
                logger.warning("incident opened", metadata: ["incident": "\(incident.id)", "kind": "\(incident.kind.rawValue)",
                                                             "value": "\(incident.value)"])
            case .resolved(let incident, _):
                logger.notice("incident resolved", metadata: ["incident": "\(incident.id)", "kind": "\(incident.kind.rawValue)"])
            }
        }
        if !changes.isEmpty && !admins.isEmpty { await delivery?.signal() }
        return changes
    }

    /// Free space on the file system holding `directory`, percent of its size (what an
    /// unprivileged process may use).
    static func diskFreePercent(of directory: URL) -> Double? {
        var stats = statvfs()
        guard statvfs(directory.path, &stats) == 0, stats.f_blocks > 0 else { return nil }
        return Double(stats.f_bavail) / Double(stats.f_blocks) * 100
    }
}

extension BotRuntime {
    /// The alert monitor for this bot: its database, strings and delivery.
    public func alertMonitor(signals: OperationalSignals, configuration: Configuration, clock: any BotClock,
                             lastBackup: (@Sendable () -> Date?)? = nil) -> AlertMonitor {
        let dataDirectory = configuration.dataDirectory
        return AlertMonitor(database: database, signals: signals, thresholds: configuration.alerts,
                            admins: configuration.adminIDs, strings: strings, environment: configuration.environment.rawValue,
                            clock: clock, diskFreePercent: { AlertMonitor.diskFreePercent(of: dataDirectory) },
                            delivery: processor.delivery, lastBackup: lastBackup, logger: logger)
    }
}

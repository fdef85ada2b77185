import Foundation
import Logging
import Testing
@testable import Bot
@testable import Maintenance
import TestSupport

@Suite struct BackupScheduleTests {
    static func calendar(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        return calendar
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func theNextRunIsTheNextLocalTimeAfterNow() {
        let moscow = Self.calendar("Europe/Moscow")
        // 02:00 Moscow (23:00 UTC) → 03:30 the same local day
        #expect(BackupService.nextRun(after: Self.date("2026-11-25T23:00:00Z"), minuteOfDay: 210, calendar: moscow)
                == Self.date("2026-11-26T00:30:00Z"))
        // Just after 03:30 → tomorrow
        #expect(BackupService.nextRun(after: Self.date("2026-11-26T00:30:01Z"), minuteOfDay: 210, calendar: moscow)
                == Self.date("2026-11-27T00:30:00Z"))
    }

    @Test func aTimeSkippedByDaylightSavingRunsRightAfterTheGap() {
        // Berlin skips 02:00–03:00 on 2026-03-29; a 02:30 backup runs at 03:00 local (01:00 UTC)
        let berlin = Self.calendar("Europe/Berlin")
        #expect(BackupService.nextRun(after: Self.date("2026-03-28T23:00:00Z"), minuteOfDay: 150, calendar: berlin)
                == Self.date("2026-03-29T01:00:00Z"))
    }

    @Test func retentionKeepsTheNewestOfEachRecentDayAndWeek() {
        let utc = Self.calendar("UTC")
        // Given backups twice a day for 40 days
        let start = Self.date("2026-10-01T03:30:00Z")
        let dates = (0..<80).map { start.addingTimeInterval(Double($0) * 43_200) }
        // When 7 daily and 4 weekly are kept
        let kept = BackupRetention.keep(dates, daily: 7, weekly: 4, calendar: utc)
        // Then the newest backup of the last 7 days is kept…
        let newestDays = Set(kept.map { utc.startOfDay(for: $0) })
        #expect(kept.contains(dates.last!))
        #expect(newestDays.count <= 7 + 4)
        let lastWeek = dates.suffix(14)
        #expect(lastWeek.filter { kept.contains($0) }.count == 7, "one per day, the later of each day")
        #expect(lastWeek.enumerated().allSatisfy { index, date in kept.contains(date) == (index % 2 == 1) })
        // …and backups older than a week are kept only as the newest of their ISO week
        let older = kept.filter { $0 < lastWeek.first! }
        #expect(older.count <= 3)
        #expect(kept.count <= 11)
    }

    @Test func pruningDeletesOnlyOurOwnOldFoldersAndStaleTemporaryOnes() throws {
        let folder = temporaryDirectory("prune")
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Self.date("2026-11-26T03:30:00Z")
        for day in 0..<10 {
            let name = BackupName.format(now.addingTimeInterval(Double(-day) * 86_400))
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("before-migration"), withIntermediateDirectories: true)
        let stale = folder.appendingPathComponent(".tmp-2026-11-20T033000Z-dead")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-7200)], ofItemAtPath: stale.path)
        let deleted = BackupRetention.prune(folder, daily: 3, weekly: 0, calendar: Self.calendar("UTC"), now: now)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(deleted.count == 8)
        #expect(left == ["2026-11-24T033000Z", "2026-11-25T033000Z", "2026-11-26T033000Z", "before-migration"])
    }

    @Test func theServiceBacksUpAtTheConfiguredTimeOnTheInjectedClock() async throws {
        let data = temporaryDirectory("service")
        defer { try? FileManager.default.removeItem(at: data) }
        let database = try AppDatabase.open(at: data.appendingPathComponent("sogreto.sqlite"))
        let clock = ManualClock(Self.date("2026-11-26T00:00:00Z"))
        var settings = BackupSettings()
        settings.minuteOfDay = 3 * 60 + 30
        let service = BackupService(writer: BackupWriter(database: database, dataDirectory: data), settings: settings,
                                    timeZone: TimeZone(identifier: "UTC")!, clock: clock, logger: Logger(label: "test"))
        let task = Task { try await service.run() }
        // Given the service asleep until 03:30
        #expect(try await eventually(within: .seconds(60)) { clock.sleeperDeadlines == [Self.date("2026-11-26T03:30:00Z")] })
        #expect(BackupRetention.prune(data.appendingPathComponent("backups"), daily: 7, weekly: 4,
                                      calendar: Self.calendar("UTC"), now: clock.now()).isEmpty)
        // When the clock reaches 03:30
        clock.advance(to: Self.date("2026-11-26T03:30:00Z"))
        // Then a backup named after that time appears, and the service sleeps until tomorrow
        #expect(try await eventually(within: .seconds(60)) { clock.sleeperDeadlines == [Self.date("2026-11-27T03:30:00Z")] })
        let names = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("backups").path)
        #expect(names == ["2026-11-26T033000Z"])
        task.cancel()
        _ = await task.result
    }
}

extension BackupScheduleTests {
    @Test func aFailedBackupLogsWhatFailedRatherThanTheErrorsTypeName() async throws {
        let data = temporaryDirectory("failing")
        defer { try? FileManager.default.removeItem(at: data) }
        let database = try AppDatabase.open(at: data.appendingPathComponent("sogreto.sqlite"))
        // Given a file where the backups folder should be
        try Data("not a folder".utf8).write(to: data.appendingPathComponent("backups"))
        let logs = data.appendingPathComponent("logs")
        let file = try RotatingFile(directory: logs, maxBytes: 1_000_000, maxFiles: 2)
        let logger = Logger(label: "test") { label in LineLogHandler(label: label, level: .error, sink: .file(file)) }
        let service = BackupService(writer: BackupWriter(database: database, dataDirectory: data), settings: BackupSettings(),
                                    clock: ManualClock(Self.date("2026-11-26T00:00:00Z")), logger: logger)
        // When a backup is taken
        #expect(await service.backUpOnce() == nil)
        // Then the error line says which folder could not be made
        let text = try String(contentsOf: logs.appendingPathComponent("sogreto.log"), encoding: .utf8)
        #expect(text.contains("backup failed"))
        #expect(text.contains("cannot be created"))
        #expect(!text.contains("error=BackupError"))
    }

    @Test func withBackupsOffTheServiceStaysUpUntilShutdownRatherThanEndingTheBot() async throws {
        let data = temporaryDirectory("off")
        defer { try? FileManager.default.removeItem(at: data) }
        let database = try AppDatabase.open(at: data.appendingPathComponent("sogreto.sqlite"))
        var settings = BackupSettings()
        settings.minuteOfDay = nil
        let service = BackupService(writer: BackupWriter(database: database, dataDirectory: data), settings: settings,
                                    clock: ManualClock(Self.date("2026-11-26T00:00:00Z")), logger: Logger(label: "test"))
        let task = Task { try await service.run() }
        // A service that returned would end the whole ServiceGroup, and so the bot.
        let finished = LockedBox(false)
        let watcher = Task { _ = await task.result; finished.set(true) }
        // Bounded on purpose: what is asserted is that it does not end in that time.
        try await Task.sleep(for: .milliseconds(300))
        #expect(finished.get() == false)
        task.cancel()
        await watcher.value
        #expect(finished.get())
    }
}

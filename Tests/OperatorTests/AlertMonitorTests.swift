import Foundation
import Logging
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

/// Incidents, not events: the admins hear once when trouble starts and once when it is over,
/// and a restart does not repeat either.
@Suite struct AlertMonitorTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    struct Fixture {
        let directory: URL
        let clock = ManualClock(AlertMonitorTests.start)
        let disk = LockedBox<Double?>(80)
        let signals: OperationalSignals

        init() {
            directory = temporaryDirectory("alerts")
            signals = OperationalSignals(clock: clock)
        }

        func monitor(admins: Set<Int64> = [7, 8], thresholds: AlertThresholds = AlertThresholds()) throws -> AlertMonitor {
            let database = try AppDatabase.open(at: directory.appendingPathComponent("sogreto.sqlite"))
            let strings = try BotStrings.load(from: repositoryRoot.appendingPathComponent("assets/locales"))
            let disk = disk
            return AlertMonitor(database: database, signals: signals, thresholds: thresholds, admins: admins,
                                strings: strings, environment: "prod", clock: clock, diskFreePercent: { disk.get() },
                                logger: Logger(label: "test"))
        }

        func adminMessages(_ monitor: AlertMonitor) async throws -> [(chat: Int64, text: String)] {
            try await monitor.database.outboxRows(chatID: nil).map { ($0.chatID, $0.text ?? "") }
        }

        func advance(_ seconds: TimeInterval) { clock.advance(to: clock.now().addingTimeInterval(seconds)) }
    }

    @Test func anErrorBurstIsAnnouncedOnceWhenItStartsAndOnceWhenItEnds() async throws {
        let fixture = Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let monitor = try fixture.monitor()
        // Given 25 errors within five minutes
        for _ in 0..<25 { fixture.signals.observe(level: .error, metadata: nil) }
        // When the monitor looks, and keeps looking while errors continue
        #expect(try await monitor.check().count == 1)
        for _ in 0..<3 {
            for _ in 0..<30 { fixture.signals.observe(level: .error, metadata: nil) }
            fixture.advance(30)
            #expect(try await monitor.check().isEmpty)
        }
        // Then each admin got exactly one message, naming the incident
        var messages = try await fixture.adminMessages(monitor)
        #expect(messages.map(\.chat) == [7, 8])
        #expect(messages[0].text.contains("инцидент #1: 25 ошибок за 5 мин"))
        // When the errors stop, the incident stays open through the window and the quiet period…
        fixture.advance(301)
        #expect(try await monitor.check().isEmpty)
        fixture.advance(60)
        #expect(try await monitor.check().isEmpty)
        // …and then is resolved once
        fixture.advance(61)
        let resolved = try await monitor.check()
        #expect(resolved.count == 1)
        fixture.advance(30)
        #expect(try await monitor.check().isEmpty)
        messages = try await fixture.adminMessages(monitor)
        #expect(messages.count == 4)
        #expect(messages[2].text.contains("инцидент #1 закрыт: всплеск ошибок"))
    }

    @Test func aRestartNeitherRepeatsAnOpenIncidentNorForgetsToResolveIt() async throws {
        let fixture = Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        // Given a disk nearly full, announced
        fixture.disk.set(4.6)
        let first = try fixture.monitor(admins: [7])
        #expect(try await first.check().count == 1)
        #expect(try await fixture.adminMessages(first).first?.text.contains("свободно 4\u{00A0}%") == true)
        // When the bot restarts (a new monitor over the same database) and the disk is still full
        let second = try fixture.monitor(admins: [7])
        fixture.advance(30)
        #expect(try await second.check().isEmpty)
        // Then nothing is repeated, and once space is freed the incident is resolved once
        fixture.disk.set(40)
        fixture.advance(30)
        _ = try await second.check()
        fixture.advance(130)
        #expect(try await second.check().count == 1)
        let third = try fixture.monitor(admins: [7])
        fixture.advance(30)
        #expect(try await third.check().isEmpty)
        #expect(try await fixture.adminMessages(third).count == 2)
    }

    @Test func backlogAnd429sSeenThroughTheLogOpenTheirOwnIncidentsInTheAdminsLanguage() async throws {
        let fixture = Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let monitor = try fixture.monitor(admins: [7])
        try await monitor.database.importUsers([UserRecord(id: 7, firstName: "Admin", languageCode: "en", locale: "en",
                                                           now: Self.start)], jobs: [], now: Self.start)
        for chat in 1000..<1250 {
            try await monitor.database.enqueue([.message(text: "hi", keyboard: nil)], chatID: Int64(chat), priority: 0,
                                               now: Self.start)
        }
        // Given the log at error level only, and Delivery's 429 warnings passing through it
        var quietHandler = LineLogHandler(label: "test", level: .error, sink: .standardOutput)
        quietHandler.logLevel = .error
        let logger = Logger(label: "test") { _ in SignalLogHandler(inner: quietHandler, signals: fixture.signals) }
        for _ in 0..<10 { logger.warning("Telegram asked to slow down", metadata: ["retry_after_s": "3"]) }
        logger.warning("some other warning")
        // When 250 messages have waited more than two minutes
        fixture.advance(121)
        let changes = try await monitor.check()
        // Then both incidents open, each announced once, in English for this admin
        let opened: [IncidentKind] = changes.compactMap { change in
            if case .opened(let incident) = change { return incident.kind }
            return nil
        }
        #expect(Set(opened) == [.rateLimited, .deliveryBacklog])
        let texts = try await fixture.adminMessages(monitor).filter { $0.chat == 7 }.map(\.text)
        #expect(texts.count == 2)
        #expect(texts.contains { $0.contains("Telegram asked to slow down 10 times in 5 min (429)") })
        #expect(texts.contains { $0.contains("250 messages have waited more than 120 s") })
    }

    @Test func theRunningBotTellsTheAdminInTelegramWhenTelegramRateLimitsIt() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let data = temporaryDirectory("alerts-e2e")
        defer { try? FileManager.default.removeItem(at: data) }
        let admin = await emulator.newUser(firstName: "Admin")
        var users: [SimulatedUser] = []
        for index in 0..<4 { users.append(await emulator.newUser(firstName: "R\(index)")) }
        // Given a bot whose log feeds the monitor, and Telegram answering the next sends with 429
        let clock = SystemClock()
        let signals = OperationalSignals(clock: clock)
        let logger = Logger(label: "e2e") { _ in
            SignalLogHandler(inner: LineLogHandler(label: "e2e", level: .critical, sink: .standardOutput), signals: signals)
        }
        let bot = try await OperatorBot.start(
            emulator: emulator, dataDirectory: data,
            // No recordings: a stale local audio catalog would send the admin a note of its own.
            extra: ["SOGRETO_ADMIN_IDS": "\(admin.id)", "SOGRETO_ALERT_429S": "3",
                    "SOGRETO_AUDIO_DIR": data.appendingPathComponent("no-audio").path], logger: logger
        ) { runtime, configuration in
            var fast = configuration
            fast.alerts.checkInterval = 0.2
            // Only the 429s may open an incident here: a nearly full disk on the test machine must not
            fast.alerts.diskFreePercent = 0
            fast.alerts.errorBurst = .max
            return [runtime.alertMonitor(signals: signals, configuration: fast, clock: clock)]
        }
        await emulator.inject(.tooManyRequests(retryAfter: 1, method: "sendMessage", count: 4))
        // When users write and the replies meet 429s
        for user in users { await emulator.sendText("/start", from: user) }
        for user in users { _ = try await emulator.waitForMessages(in: user.chatID, count: 1, timeout: .seconds(30)) }
        // Then the admin gets one alert in Telegram
        let alerts = try await emulator.waitForMessages(in: admin.chatID, count: 1, timeout: .seconds(30))
        #expect(alerts.first?.text?.contains("ограничения") == true || alerts.first?.text?.contains("429") == true)
        // And not again while the incident stays open: bounded on purpose, since what is asserted
        // is that nothing comes while the monitor looks three more times (five times a second)
        try await Task.sleep(for: .milliseconds(600))
        let all = await emulator.messages(in: admin.chatID)
        #expect(all.count == 1, "the admin got: \(all.map { $0.text ?? "" })")
        await bot.stop()
        await emulator.shutdown()
    }
}

extension AlertMonitorTests {
    @Test func backupsThatStopHappeningAreAnnouncedAndClearedByTheNextBackup() async throws {
        let fixture = Fixture()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let database = try AppDatabase.open(at: fixture.directory.appendingPathComponent("sogreto.sqlite"))
        let lastBackup = LockedBox<Date?>(Self.start.addingTimeInterval(-20 * 3600))
        let monitor = AlertMonitor(
            database: database, signals: fixture.signals, thresholds: AlertThresholds(), admins: [7],
            strings: try BotStrings.load(from: repositoryRoot.appendingPathComponent("assets/locales")), environment: "prod",
            clock: fixture.clock, diskFreePercent: { 50 }, lastBackup: { lastBackup.get() }, logger: Logger(label: "test"))
        // Given a backup 20 hours old: fine
        #expect(try await monitor.check().isEmpty)
        // When the next daily backup does not come (27 hours)
        fixture.advance(7 * 3600)
        let opened = try await monitor.check()
        // Then the admin hears once, and again once a backup is written
        #expect(opened.count == 1)
        #expect(try await fixture.adminMessages(monitor).first?.text.contains("последней резервной копии уже 27 ч") == true)
        lastBackup.set(fixture.clock.now())
        _ = try await monitor.check()
        fixture.advance(121)
        #expect(try await monitor.check().count == 1)
        #expect(try await fixture.adminMessages(monitor).count == 2)
    }
}

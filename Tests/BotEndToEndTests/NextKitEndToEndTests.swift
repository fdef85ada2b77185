import Foundation
import PostgresTestSupport
import Program
import Testing
import TelegramEmulator
@testable import Bot

/// A second kit through the real bot and the emulator: Мира walks microgreens to its end on a
/// clock the test moves, hears once which kits she has not grown yet (with the shop link), then
/// scans the basil kit's QR code. The new journey begins, the first one is kept: both are in the
/// PDF diary and the collection holds both kits' cards; the funnel counts a second kit, on SQLite
/// and on PostgreSQL.
@Suite(.serialized) struct NextKitEndToEndTests {
    static let shop = "https://shop.example/sogreto"

    @Test(arguments: ["SQLite", "PostgreSQL"])
    func aSecondKitAfterTheFirstKeepsBothJourneysInThePDFAndTheCollection(engine: String) async throws {
        var postgresURL: String?
        if engine == "PostgreSQL" {
            guard PostgresTestCluster.isAvailable else { return print("PostgreSQL run skipped: \(PostgresTestCluster.unavailableReason ?? "")") }
            postgresURL = try await PostgresTestCluster.shared().newDatabase().url
        }
        let journey = try await Self.start(postgresURL: postgresURL)
        do {
            try await walk(journey)
        } catch {
            await journey.bot.stop()
            throw error
        }
        await journey.bot.stop()
    }

    static func start(postgresURL: String?) async throws -> JourneyDays {
        let clock = ShiftedClock()
        let now = clock.now().timeIntervalSince1970
        let nineMoscow = 6 * 3600.0, today = now - now.truncatingRemainder(dividingBy: 86_400)
        clock.advance(by: (today + nineMoscow > now ? today + nineMoscow : today + 86_400 + nineMoscow) - now)
        let bot = try await BotHarness.start(clock: clock, environment: ["SOGRETO_SHOP_URL": shop], postgresURL: postgresURL)
        let user = await bot.emulator.newUser(firstName: "Мира", languageCode: "ru")
        return JourneyDays(bot: bot, clock: clock, user: user)
    }

    func walk(_ journey: JourneyDays) async throws {
        let strings = journey.bot.runtime.strings
        let catalog = try StatsEndToEndTests.catalog()
        let basil = try #require(catalog.program(id: "basil")?.texts["ru"])
        // Given Мира, who walked microgreens to the manifesto
        try await journey.send("/start mg-2026-0001")
        try await journey.completePlanting()
        try await journey.walkToTheManifesto()
        let microgreensCards = try #require(try await journey.progress().collection?.count)

        // When she reads it, the closing words, the diary offer and the kits not grown yet come, once
        let ending = try await journey.press("p:mr").map(\.shown)
        let offers = ending.filter { $0.contains(strings.text("next_kit_how", "ru")) }
        #expect(offers.count == 1, "\(ending)")
        // (the manifesto's card is drawn by a media worker and may land on either side of it)
        let texts = ending.filter { $0 != strings.text("manifesto_card_caption", "ru") }
        #expect(texts.last == offers.first, "the offer comes last")
        let offer = try #require(await journey.messages.last { $0.shown.contains(strings.text("next_kit_how", "ru")) })
        #expect(offer.shown.contains(try TelegramHTML.plainText(of: basil.shopLine ?? "-")))
        #expect(!offer.shown.contains("Набор «Микрозелень»"), "the kit she grew is not offered")
        #expect(offer.entities.contains { $0.type == "text_link" && $0.url == Self.shop }, "the shop link: \(offer.entities)")
        // and /status says it again, while nothing else repeats it
        let status = try await journey.send("/status").map(\.shown).joined()
        #expect(status.contains("Путь пройден") && status.contains("Набор «Базилик»"))
        let later = try await journey.live(days: 2).map(\.shown)
        #expect(!later.contains { $0.contains(strings.text("next_kit_how", "ru")) }, "never nagging: \(later)")

        // When she scans the basil kit's QR code
        let first = try await journey.progress()
        let scanned = try await journey.send("/start bs-2026-0042").map(\.shown)
        #expect(scanned.first == strings.text("next_kit_started", "ru"), "\(scanned)")
        #expect(scanned.contains { $0.contains("Базилик") || $0.contains("базилик") })
        // Then a basil journey begins, the microgreens one kept with its manifesto and cards
        let progress = try await journey.progress()
        #expect(progress.programID == "basil" && progress.kitCode == "bs-2026-0042" && progress.status == .active)
        let kept = try #require(progress.earlierJourneys?.last)
        #expect(kept.programID == "microgreens" && kept.manifesto == first.manifesto && kept.startedAt == first.startedAt)
        #expect(progress.collection?.count == microgreensCards)

        // And planting basil adds basil's first card to the same collection
        try await journey.completePlanting()
        let collection = try #require(try await journey.progress().collection)
        #expect(Set(collection.map(\.programID)) == ["microgreens", "basil"])
        #expect(collection.count == microgreensCards + 1, "\(collection.map { "\($0.programID).\($0.cardID)" })")
        let page = try #require(try await journey.sendWaitingForMedia("/collection").last { $0.kind == .photo })
        #expect(page.caption?.contains("1 из \(collection.count)") == true, "\(page.caption ?? "")")

        // The PDF diary holds both journeys
        let before = await journey.messages.count
        await journey.bot.emulator.sendText("/diary", from: journey.user)
        let pdf = try #require(try await journey.bot.replies(to: journey.user, count: before + 1, timeout: .seconds(60))
            .last { $0.kind == .document })
        let fileID = try #require(pdf.fileID)
        let file = try #require(await journey.bot.emulator.file(id: fileID))
        let path = journey.bot.dataDirectory.appendingPathComponent("two-kits.pdf")
        try file.data.write(to: path)
        let text = try await Subprocess.pdfText(path).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.hasPrefix("ДНЕВНИК ПРАКТИКИ Мира Базилик"), "the current journey's kit on the cover: \(text.prefix(80))")
        #expect(text.contains("Прошлые пути МИКРОЗЕЛЕНЬ ·"), "the earlier journey under its heading")
        #expect(text.contains("По дороге мне открывалось малое"), "the first journey's manifesto")
        #expect(text.contains("Мои растения состояния") || text.contains("растения"), "the collection in the PDF")
        try await Self.keepPages(of: path, named: "two-kits-\(journey.bot.runtime.sqlite == nil ? "postgres" : "sqlite")")

        // And the funnel counts a second kit, for her first kit and her cohort
        let funnel = try await journey.bot.runtime.database.funnelReport()
        #expect(funnel.total.nextKit == 1 && funnel.total.seen == 1 && funnel.total.nextKitPercent == 100)
        #expect(funnel.byKit.map(\.group) == ["mg-2026-0001"] && funnel.byKit.first?.nextKit == 1)
        #expect(funnel.byCohort.count == 1 && funnel.byCohort.first?.nextKit == 1)
        // and /stats speaks of the journey under way
        let stats = try await journey.sendWaitingForMedia("/stats").last { $0.kind == .photo }
        #expect(stats?.caption?.contains("Базилик") == true, "\(stats?.caption ?? "")")
    }

    /// The PDF's pages as PNGs in the test artifacts, to look at (`pdftoppm`, when installed).
    static func keepPages(of pdf: URL, named name: String) async throws {
        let tool = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else { return }
        let folder = ProcessInfo.processInfo.environment["SOGRETO_TEST_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.appendingPathComponent(".build/test-artifacts")
        let target = folder.appendingPathComponent("next-kit")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target.appendingPathComponent("\(name).pdf"))
        try FileManager.default.copyItem(at: pdf, to: target.appendingPathComponent("\(name).pdf"))
        let run = try await Subprocess.run(tool, ["-png", "-r", "50", pdf.path, target.appendingPathComponent(name).path])
        #expect(run.status == 0, "\(run.errorOutput)")
    }
}

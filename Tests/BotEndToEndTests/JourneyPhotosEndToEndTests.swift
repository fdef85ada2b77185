import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import BotMedia
import Program
import Reports

/// A reset or a switch to another kit starts a new journey: its collage, timeline and the PDF
/// diary's pages of it show only the photos sent since it began, with its own days; the earlier
/// journey's photos stay in the gallery (and count against the cap) under their own label, and in
/// the PDF under "Earlier journeys".
@Suite(.serialized) struct JourneyPhotosEndToEndTests {
    /// The walk's seed 571: a basil user (21 days) with a day-21 photo switched to microgreens
    /// (20 days), and the microgreens PDF showed "Day 21" and the basil photos.
    @Test func afterSwitchingKitsTheNewJourneysPracticeDiaryShowsOnlyItsOwnPhotosAndDays() async throws {
        try await JourneyDays.run(language: "en") { journey in
            // Given a basil user with photos of day 0 and day 21 (basil's last day)
            try await journey.send("/start bs-2026-1")
            try await journey.send("/continue")
            try await journey.completePlanting()
            _ = try await journey.sendPhoto(sprouting: 1)
            journey.clock.advance(by: 25 * 86_400)
            #expect(try await journey.sendPhoto(sprouting: 9).contains("Day 21 photo saved"))

            // When they switch to the microgreens kit, plant, and send two photos two days apart
            try await journey.send("/start mg-2026-7")
            try await journey.press("p:y")
            try await journey.completePlanting()
            #expect(try await journey.progress().programID == "microgreens")
            #expect(try await journey.sendPhoto(sprouting: 2).contains("Day 0 photo saved"))
            journey.clock.advance(by: 2 * 86_400)
            #expect(try await journey.sendPhoto(sprouting: 5).contains("Day 2 photo saved"))

            // Then the timeline shows the new journey's two photos, the collage days 0 → 2
            let timeline = try await journey.sendWaitingForMedia("/timeline").map(\.shown).joined(separator: "\n")
            #expect(timeline.contains("2 photos"), "\(timeline)")
            let collage = try await journey.sendWaitingForMedia("/collage").map(\.shown).joined(separator: "\n")
            #expect(collage.contains("day 0 → day 2"), "\(collage)")
            // and the PDF diary's pages of this journey hold those two photos only, never a day past
            // the kit's 20; the basil photos keep their own days under "Earlier journeys"
            let diary = try await journey.sendWaitingForMedia("/diary")
            let pdf = try #require(diary.last { $0.kind == .document })
            #expect(pdf.caption?.contains("2 photos") == true, "\(pdf.caption ?? "")")
            let text = try await Self.pdfText(pdf, journey)
            let parts = text.components(separatedBy: "Earlier journeys")
            #expect(parts.count == 2, "\(text)")
            let thisJourney = parts[0], earlier = parts.count == 2 ? parts[1] : ""
            #expect(Self.dayNumbers(in: thisJourney).allSatisfy { $0 <= 20 }, "\(Self.dayNumbers(in: thisJourney))")
            #expect(!thisJourney.contains("Day 21"))
            #expect(earlier.contains("BASIL") && earlier.contains("Day 21"), "\(earlier)")

            // and the gallery still holds all four, the basil ones first and told apart
            let gallery = try await journey.send("/photos")
            let captions = gallery.compactMap(\.caption)
            #expect(captions == ["#1 · earlier journey", "#2 · earlier journey", "#3 · day 0", "#4 · day 2"], "\(captions)")
            #expect(gallery.last?.text?.contains("4 of 10") == true)
        }
    }

    /// Starting over with the same kit: the fresh journey's diary starts empty of photos, and
    /// "not enough photos" says why when the earlier ones are still in the gallery.
    @Test(arguments: ["ru", "en"])
    func afterStartingOverTheCollageAndPracticeDiaryWaitForTheNewJourneysPhotos(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            let ru = language == "ru"
            // Given a microgreens user with three photos of days 0, 6 and 20
            try await journey.send("/start mg-2026-7")
            try await journey.send("/continue")
            try await journey.completePlanting()
            for (sprout, days) in [(1, 6.0), (4, 30.0), (8, 0.0)] {
                _ = try await journey.sendPhoto(sprouting: sprout)
                journey.clock.advance(by: days * 86_400)
            }

            // When they start over (confirming) and send one photo of the new planting
            try await journey.send("/reset")
            try await journey.press("p:y")
            try await journey.completePlanting()
            #expect(try await journey.sendPhoto(sprouting: 2).contains(ru ? "Фото дня 0 сохранено" : "Day 0 photo saved"))

            // Then a collage waits for a second photo of this journey, and says where the old ones are
            let collage = try await journey.sendWaitingForMedia("/collage").map(\.shown).joined()
            #expect(collage.contains(ru ? "в этом пути пока 1" : "this journey has 1 so far"), "\(collage)")
            let timeline = try await journey.sendWaitingForMedia("/timeline").map(\.shown).joined()
            #expect(timeline.contains("/photos"), "\(timeline)")
            // and the gallery offers no collage of the old photos
            let gallery = try await journey.send("/photos")
            let buttons = gallery.flatMap { $0.buttons.joined().compactMap(\.callbackData) }
            #expect(!buttons.contains("ph:c") && !buttons.contains("ph:t"), "\(buttons)")
            #expect(buttons.contains("ph:d"))

            // and the PDF diary holds the new photo only
            let service = try PracticeDiaryService(
                database: journey.bot.runtime.database,
                exporter: PracticeDiaryExporter(catalog: journey.bot.runtime.scheduler.dispatcher.planner.engine.catalog),
                renderer: PracticeDiaryRenderer(assets: try PracticeDiaryAssets(directory: repositoryRoot.appendingPathComponent("assets"))),
                dataDirectory: journey.bot.dataDirectory)
            let data = try #require(try await service.data(userID: journey.user.id, now: journey.clock.now()))
            #expect(data.photos.map(\.day) == [0])
            #expect(data.statistics.photos == 1)
            #expect(data.beforeAfter == nil)
        }
    }

    /// A photo held while the diary was full, adopted after starting over, is filed in the journey
    /// it was sent in: it replaces a photo but does not join the new journey's timeline.
    @Test func aHeldPhotoAdoptedAfterStartingOverStaysInItsOwnJourney() async throws {
        try await JourneyDays.run(language: "en") { journey in
            // Given a user whose diary is full (ten photos, day 0 to day 9), and an eleventh held
            try await journey.send("/start mg-2026-7")
            try await journey.send("/continue")
            try await journey.completePlanting()
            for sprout in 0..<10 {
                _ = try await journey.sendPhoto(sprouting: sprout)
                journey.clock.advance(by: 86_400)
            }
            let before = await journey.messages.count
            try await journey.bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 10), from: journey.user)
            let offer = try await journey.mediaSettled(after: before).map(\.shown).joined(separator: "\n")
            #expect(offer.contains("set aside"), "\(offer)")
            let replace = try #require(await journey.messages.last { message in
                message.buttons.joined().contains { $0.callbackData?.hasPrefix("ph:r:") == true }
            }?.buttons.joined().first { $0.callbackData?.hasPrefix("ph:r:") == true }?.callbackData)

            // When they start over, plant again, make room (deleting the latest old photo), send a
            // new photo, then take the old offer
            try await journey.send("/reset")
            try await journey.press("p:y")
            try await journey.completePlanting()
            try await journey.send("/photos")
            let pick = try await journey.press("ph:d")
            let latest = try #require(pick.last?.buttons.joined().last?.callbackData)
            let confirm = try await journey.press(latest)
            try await journey.press(try #require(confirm.last?.buttons.joined().first?.callbackData))
            journey.clock.advance(by: 86_400)
            #expect(try await journey.sendPhoto(sprouting: 11).contains("Day 1 photo saved"))
            let replaced = try await journey.press(replace).map(\.shown).joined()
            #expect(replaced.contains("Done"), "\(replaced)")

            // Then the adopted photo is in the gallery as an earlier journey's photo, and the new
            // journey still has one photo of its own
            let gallery = try await journey.send("/photos").compactMap(\.caption)
            #expect(gallery.filter { $0.hasSuffix("earlier journey") }.count == 9, "\(gallery)")
            #expect(gallery.last == "#10 · day 1", "\(gallery)")
            let timeline = try await journey.sendWaitingForMedia("/timeline").map(\.shown).joined()
            #expect(timeline.contains("this journey has 1 so far"), "\(timeline)")
        }
    }

    private static func pdfText(_ message: BotMessage, _ journey: JourneyDays) async throws -> String {
        let fileID = try #require(message.fileID)
        let file = try #require(await journey.bot.emulator.file(id: fileID))
        let pdf = journey.bot.dataDirectory.appendingPathComponent("journey-\(UUID().uuidString).pdf")
        try file.data.write(to: pdf)
        return try await Subprocess.pdfText(pdf)
    }

    /// Numbers after "day"/"день" (not a percentage on the chart's axis).
    private static func dayNumbers(in text: String) -> [Int] {
        guard let pattern = try? NSRegularExpression(pattern: #"(?<!\p{L})(?:day|день|дня)\s+(\d+)(?![\d.,]*\s*%)"#,
                                                     options: [.caseInsensitive]) else { return [] }
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).flatMap { Int(text[$0]) }
        }
    }
}

extension JourneyDays {
    /// Sends `text` and returns what the bot answered once its media tasks (renders) are done too.
    func sendWaitingForMedia(_ text: String) async throws -> [BotMessage] {
        let before = await messages.count
        await bot.emulator.sendText(text, from: user)
        return try await mediaSettled(after: before)
    }

    /// What the bot sent after `count` messages, once no media task of the user is left to run.
    func mediaSettled(after count: Int) async throws -> [BotMessage] {
        let deadline = Date().addingTimeInterval(30)
        repeat {
            try await bot.settle(idle: 0.1)
            let open = try await bot.runtime.database.mediaTasks(userID: user.id)
                .filter { $0.state == "pending" || $0.state == "running" }
            if open.isEmpty, await bot.emulator.pendingUpdateCount() == 0 {
                try await bot.settle(idle: 0.1)
                return Array(await messages.dropFirst(count))
            }
            try await Task.sleep(for: .milliseconds(20))
        } while Date() < deadline
        throw JourneyFailure("media tasks still open after 30 s")
    }
}

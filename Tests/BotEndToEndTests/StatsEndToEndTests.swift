import Foundation
import Media
import Program
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

/// `/stats` through the real bot and the emulator, in both languages and both kits: kind words
/// before there is anything to count, then one photo (the card) whose caption holds the figures.
@Suite(.serialized) struct StatsEndToEndTests {
    @Test(arguments: [("ru", "mg-2026-7"), ("en", "mg-2026-7"), ("ru", "bs-2026-7"), ("en", "bs-2026-7")])
    func statsCountThePracticeSoFarOnOneCard(language: String, kit: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            let ru = language == "ru"
            // Before the journey and before planting, a kind word says how to begin
            let unstarted = try await journey.send("/stats").map(\.shown).joined()
            #expect(unstarted.contains("/start"), "\(unstarted)")
            try await journey.send("/start \(kit)")
            let unplanted = try await journey.send("/stats").map(\.shown).joined()
            #expect(unplanted.contains("/continue"), "\(unplanted)")

            // Given a user who planted, sent a photo that day and another two days later
            try await journey.send("/continue")
            try await journey.completePlanting()
            _ = try await journey.sendPhoto(sprouting: 1)
            journey.clock.advance(by: 2 * 86_400)
            _ = try await journey.sendPhoto(sprouting: 4)

            // When they ask for their figures
            let replies = try await journey.sendWaitingForMedia("/stats")

            // Then one photo comes: the phone-sized card, the figures in its caption
            let card = try #require(replies.last { $0.kind == .photo }, "\(replies.map(\.shown))")
            let caption = try #require(card.caption)
            let program = try #require(try Self.catalog().program(id: kit.hasPrefix("bs") ? "basil" : "microgreens"))
            #expect(caption.contains(ru ? "День 2 из \(program.durationDays)" : "Day 2 of \(program.durationDays)"), "\(caption)")
            // every practice step of planting, by the stage's own title
            let planting = try #require(program.stages.first)
            let steps = planting.steps.filter { $0.kind == .practice && $0.when == nil }.count
            let title = try #require(program.texts[language]?.stages[planting.id]?.title)
            #expect(caption.contains("\(title) \(steps)"), "\(caption)")
            #expect(caption.contains(ru ? "2 фото" : "2 photos"), "\(caption)")
            #expect(caption.contains(ru ? "Каждое возвращение считается" : "Every return counts"))
            let fileID = try #require(card.fileID)
            let file = try #require(await journey.bot.emulator.file(id: fileID))
            let header = try PhotoProbe().inspect(file.data)
            #expect(header.format == .jpeg && header.width == 1080 && header.height == 1350)
            if let folder = ProcessInfo.processInfo.environment["SOGRETO_CARD_PREVIEW"] {
                try? file.data.write(to: URL(fileURLWithPath: folder).appendingPathComponent("stats-\(language)-\(kit.prefix(2)).jpg"))
            }
        }
    }

    static func catalog() throws -> ProgramCatalog {
        let assets = Repository.assets
        return try ProgramCatalog.load(from: assets.appendingPathComponent("programs"), uiStrings: assets.appendingPathComponent("locales"))
    }
}

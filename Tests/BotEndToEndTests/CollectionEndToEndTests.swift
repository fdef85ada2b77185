import Foundation
import GRDB
import Media
import Program
import Testing
import TelegramEmulator
@testable import Bot

/// State plants through the real bot and the emulator, in both languages and both kits: the
/// card earned at planting is announced once, `/collection` shows the cards one at a time with
/// ← → buttons, and stale or forged page buttons change nothing.
@Suite(.serialized) struct CollectionEndToEndTests {
    @Test(arguments: [("ru", "mg-2026-7"), ("en", "mg-2026-7"), ("ru", "bs-2026-7"), ("en", "bs-2026-7")])
    func plantingEarnsACardAnnouncedOnceAndTheCollectionPagesThroughCards(language: String, kit: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            let ru = language == "ru"
            let program = try #require(try StatsEndToEndTests.catalog().program(id: kit.hasPrefix("bs") ? "basil" : "microgreens"))
            let texts = try #require(program.texts[language])
            let patience = try #require(texts.cards["patience"]?.state)
            // Before the journey and before the first card, a kind word
            #expect(try await journey.send("/collection").map(\.shown).joined().contains("/start"))
            try await journey.send("/start \(kit)")
            #expect(try await journey.send("/collection").map(\.shown).joined().contains(ru ? "посадка" : "planting"))

            // When planting is complete, Patience is announced once
            try await journey.send("/continue")
            try await journey.completePlanting()
            try await journey.send("/status")
            let announced = await journey.messages.filter { $0.shown.contains(patience) && $0.shown.contains("/collection") }
            #expect(announced.count == 1, "\(announced.map(\.shown))")

            // /collection shows it: the card as a photo, its name, day and place in the caption
            let first = try #require(try await journey.sendWaitingForMedia("/collection").last { $0.kind == .photo })
            #expect(first.caption?.contains("\(patience) · \(ru ? "день" : "day") 0") == true, "\(first.caption ?? "")")
            #expect(first.caption?.contains(ru ? "1 из 1" : "1 of 1") == true)
            #expect(first.buttons.isEmpty)
            let fileID = try #require(first.fileID)
            let file = try #require(await journey.bot.emulator.file(id: fileID))
            #expect(try PhotoProbe().inspect(file.data).width == 720)

            // Given a second card in the collection
            try await Self.collect("attention", journey: journey, program: program.id)
            let second = try #require(try await journey.sendWaitingForMedia("/collection").last { $0.kind == .photo })
            #expect(second.buttons.joined().map(\.callbackData) == ["cl:2"])
            let count = await journey.messages.count
            let next = try await journey.mediaAfterPress("cl:2", on: second)
            let attention = try #require(texts.cards["attention"]?.state)
            #expect(next.last?.caption?.contains(attention) == true && next.last?.caption?.contains(ru ? "2 из 2" : "2 of 2") == true)
            #expect(next.last?.buttons.joined().map(\.callbackData) == ["cl:1"])
            let afterTurn = await journey.messages.count

            // The page left behind lost its buttons; pressing them again, or a forged page, is
            // answered "already done" and sends nothing
            #expect(await journey.messages.first { $0.messageID == second.messageID }?.buttons.isEmpty == true)
            let stale = journey.bot.runtime.strings.text("stale_button", language)
            for data in ["cl:2", "cl:9", "cl:abc", "cl:-1", "cl:"] {
                let query = await journey.bot.emulator.pressButton(data, on: data == "cl:2" ? second.messageID : next.last?.messageID ?? 0,
                                                                    from: journey.user)
                try await journey.bot.settle(idle: 0.1)
                #expect(await journey.bot.emulator.callbackAnswers(for: query).first?.text == stale, "\(data)")
            }
            #expect(await journey.messages.count == afterTurn)
            #expect(afterTurn == count + 1)
        }
    }

    /// Puts a card into the user's collection, as the engine would when it is earned.
    static func collect(_ card: String, journey: JourneyDays, program: String) async throws {
        var progress = try await journey.progress()
        progress.collection = (progress.collection ?? []) + [CollectedCard(programID: program, cardID: card, earnedAt: journey.clock.now(), day: 2)]
        let encoded = try #require(ProgressCoding.encode(progress))
        try await journey.bot.runtime.sqliteWriter.write { db in
            try db.execute(sql: "UPDATE users SET progress = ? WHERE id = ?", arguments: [encoded, journey.user.id])
        }
    }
}

extension JourneyDays {
    /// Presses `data` on `message` and returns what the bot sent once its media tasks are done.
    func mediaAfterPress(_ data: String, on message: BotMessage) async throws -> [BotMessage] {
        let before = await messages.count
        await bot.emulator.pressButton(data, on: message.messageID, from: user)
        return try await mediaSettled(after: before)
    }
}

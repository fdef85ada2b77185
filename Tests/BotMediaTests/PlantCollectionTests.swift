@testable import Bot
@testable import BotMedia
import TestSupport
import Foundation
import Media
import Program
import Testing

/// State plants: earned once by what the program data says, announced once, kept across a
/// start-over, drawn for every kit and locale.
@Suite struct PlantCollectionTests {
    typealias Walker = PracticeDiaryExporterTests.Walker

    func announcements(_ messages: [OutgoingMessage], _ walker: Walker) -> [String] {
        let marker = walker.strings[.cardEarned].components(separatedBy: "{cards}")[0]
        return messages.map(\.text).filter { $0.hasPrefix(marker) }
    }

    @Test(arguments: ["ru", "en"])
    func plantingEarnsPatienceOnceWithTheUsersOwnWordsOnTheCard(locale: String) throws {
        var walker = Walker(engine: try loadEngine(), locale: locale, zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.walk(untilDay: 0)
        // Planting is complete: Patience is in the collection, and the message that closed
        // planting announced it (before the message whose buttons lead on)
        let progress = try #require(walker.progress)
        #expect(progress.stagesCompleted["planting"] != nil)
        #expect(progress.collection?.map(\.cardID) == ["patience"])
        #expect(progress.collection?.first?.day == 0)
        let texts = try #require(walker.engine.catalog.program(id: "microgreens")?.texts[locale])
        let patience = try #require(texts.cards["patience"]?.state)
        // Asked again (status, continue) the bot says nothing more about it
        walker.send(.status)
        #expect(announcements(walker.last, walker).isEmpty)
        walker.send(.continueProgram)
        #expect(announcements(walker.last, walker).isEmpty)
        // The card quotes the intention the user typed at planting
        let entries = CollectionCards(catalog: walker.engine.catalog).entries(of: try #require(walker.progress), locale: locale)
        #expect(entries.map(\.state) == [patience])
        #expect(entries.first?.answer == progress.answers["planting.intention"])
        #expect(entries.first?.answer?.isEmpty == false)
    }

    @Test func theAnnouncementComesOnceWhenPlantingCompletes() throws {
        var walker = Walker(engine: try loadEngine(), locale: "ru", zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.send(.start(kitCode: "mg-1"))
        var seen: [String] = []
        for _ in 0..<60 where walker.progress?.stagesCompleted["planting"] == nil {
            if walker.progress?.awaitingText != nil, !walker.buttons.contains(where: { $0.label == walker.strings[.next] }) {
                walker.send(.text("Тишину по утрам"))
            } else if let option = walker.buttons.first(where: { $0.payload.hasPrefix("c:") }) {
                walker.send(.callback(payload: option.payload))
            } else if !walker.press(walker.strings[.next]), !walker.press(walker.strings[.continueButton]) {
                walker.send(.continueProgram)
            }
            seen += announcements(walker.last, walker)
            if walker.progress?.stagesCompleted["planting"] != nil {
                // the announcement is not the last message: the keyboard that leads on stays at the bottom
                if let index = walker.last.firstIndex(where: { !announcements([$0], walker).isEmpty }), walker.last.contains(where: { !$0.buttons.isEmpty }) {
                    #expect(walker.last[(index + 1)...].contains { !$0.buttons.isEmpty })
                }
            }
        }
        #expect(seen.count == 1 && seen.first?.contains("Терпение") == true, "\(seen)")
    }

    /// A whole journey collects one card per stage state, one per theme opened and Anticipation;
    /// starting over keeps them and earns nothing twice.
    @Test func aWholeJourneyCollectsEachStateOnceAndStartingOverKeepsThem() throws {
        var walker = Walker(engine: try loadEngine(), locale: "en", zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.walk()
        let program = try #require(walker.engine.catalog.program(id: "microgreens"))
        let defaults = program.themes?.defaults ?? []
        let expected = ["patience", "attention", "gratitude"] + defaults.map { "t-" + $0 } + ["anticipation"]
        #expect(Set(walker.progress?.collection?.map(\.cardID) ?? []) == Set(expected))
        #expect(walker.progress?.collection?.count == expected.count)

        // When the user starts over, the collection stays and planting earns nothing new
        walker.send(.resetRequested)
        walker.send(.callback(payload: "y"))
        #expect(walker.progress?.stagesCompleted.isEmpty == true)
        #expect(walker.progress?.collection?.count == expected.count)
        walker.walk(untilDay: 0)
        #expect(walker.progress?.stagesCompleted["planting"] != nil)
        #expect(walker.progress?.collection?.count == expected.count)
        // The cards of the first journey still quote its words
        let entries = CollectionCards(catalog: walker.engine.catalog).entries(of: try #require(walker.progress), locale: "en")
        #expect(entries.first?.answer?.isEmpty == false)
    }

    /// Every card of every kit and locale is drawn (a sample set is kept to look at).
    @Test func everyCardOfEveryKitAndLocaleIsDrawn() throws {
        let catalog = try loadEngine().catalog
        let fonts = try MediaFonts(directory: assetsDirectory.appendingPathComponent("fonts"))
        let renderer = StatePlantCardRenderer(fonts: fonts)
        let strings = try BotStrings.load(from: assetsDirectory.appendingPathComponent("locales"))
        let folder = Self.artifacts.appendingPathComponent("plant-cards")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var drawn = 0
        for id in ["microgreens", "basil"] {
            let program = try #require(catalog.program(id: id))
            for locale in program.locales {
                let texts = try #require(program.texts[locale])
                for (index, card) in program.cards.enumerated() {
                    let words = try #require(texts.cards[card.id])
                    #expect(StatePlantCard.Silhouette(rawValue: card.silhouette.rawValue) != nil)
                    let entry = CollectionCards.Entry(programID: id, cardID: card.id, state: words.state, line: words.line, day: index,
                                                      kit: PracticeDiaryExporter.plain(texts.kitName),
                                                      answer: index % 2 == 0 ? (locale == "ru" ? "Тишину по утрам и запах зелени на кухне" : "Quiet mornings and the smell of greens") : nil,
                                                      silhouette: card.silhouette, colours: program.colours)
                    let footer = PracticeDiaryExporter.plain(strings.text("collection_card_footer", locale, ["day": String(index), "kit": entry.kit]))
                    let jpeg = try renderer.render(entry.card(footer: footer, locale: locale))
                    #expect(jpeg.starts(with: [0xFF, 0xD8]))
                    #expect(try PhotoProbe().inspect(jpeg).width == 720)
                    try jpeg.write(to: folder.appendingPathComponent("\(id)-\(locale)-\(card.id).jpg"))
                    drawn += 1
                }
            }
        }
        #expect(drawn == 2 * (catalog.program(id: "microgreens")?.cards.count ?? 0) + 2 * (catalog.program(id: "basil")?.cards.count ?? 0))
    }

    /// `SOGRETO_TEST_ARTIFACTS`, or `.build/test-artifacts` in the package.
    static var artifacts: URL {
        if let folder = ProcessInfo.processInfo.environment["SOGRETO_TEST_ARTIFACTS"] { return URL(fileURLWithPath: folder) }
        return assetsDirectory.deletingLastPathComponent().appendingPathComponent(".build/test-artifacts")
    }
}

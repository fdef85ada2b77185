import Foundation
import Testing
@testable import Program

/// The next kit: a kit code after a finished journey starts a new one at once (another kit, or the
/// same kit with new seeds), mid-journey it asks first; the journey left behind and the collection
/// are kept, and the funnel hears of it. The catalog names the kits a user has not grown yet.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs"))
struct NextKitTests {
    /// A user who walked the microgreens journey to its end (the engine's view of it: completed,
    /// a manifesto and a card collected).
    func finishedMicrogreens() throws -> Journey {
        var journey = Journey(catalog: try Fixtures.loadReal())
        journey.send(.start(kitCode: "mg-2026-0001"))
        journey.progress?.wish = "Замедлиться"
        journey.progress?.manifesto = "Мой манифест"
        journey.progress?.status = .completed
        journey.progress?.position = .finished
        journey.progress?.collection = [CollectedCard(programID: "microgreens", cardID: "patience", earnedAt: journey.now, day: 0)]
        journey.advance(days: 22)
        return journey
    }

    func started(_ events: [ProgramEvent]) -> [String] {
        events.compactMap { if case .nextKitStarted(let id) = $0 { id } else { nil } }
    }

    @Test func anotherKitsCodeAfterTheJourneyStartsItAtOnceKeepingTheJourneyAndTheCollection() throws {
        var journey = try finishedMicrogreens()
        let first = try #require(journey.progress?.startedAt)
        journey.send(.start(kitCode: "bs-2026-0042"))
        let progress = try #require(journey.progress)
        #expect(progress.programID == "basil" && progress.kitCode == "bs-2026-0042" && progress.status == .active)
        #expect(progress.position == .welcome && progress.startedAt == journey.now)
        let kept = try #require(progress.earlierJourneys?.last)
        #expect(kept.programID == "microgreens" && kept.startedAt == first && kept.manifesto == "Мой манифест" && kept.wish == "Замедлиться")
        #expect(progress.collection?.map(\.cardID) == ["patience"], "the collection keeps its cards")
        #expect(started(journey.last.events) == ["basil"])
        #expect(journey.last.events.contains(.activated(programID: "basil", kitCode: "bs-2026-0042")))
        #expect(!journey.last.events.contains(.reset), "a new kit after the end is no start-over")
        #expect(journey.texts.contains { $0.contains("Базилик") || $0.contains("базилик") }, "the basil welcome: \(journey.texts)")
    }

    @Test func theSameKitWithANewCodeIsANewRoundAndTheOldCodeAsksBeforeStartingOver() throws {
        var journey = try finishedMicrogreens()
        // The code of the finished kit, scanned again: "start over?", nothing changes yet.
        journey.send(.start(kitCode: "mg-2026-0001"))
        #expect(journey.progress?.status == .completed && journey.progress?.pendingConfirmation == .reset)
        #expect(started(journey.last.events).isEmpty)
        // A new microgreens kit: a new round at once, the first one kept.
        journey.send(.start(kitCode: "MG-2026-0777"))
        #expect(journey.progress?.programID == "microgreens" && journey.progress?.status == .active)
        #expect(journey.progress?.earlierJourneys?.count == 1)
        #expect(started(journey.last.events) == ["microgreens"])
    }

    @Test func midJourneyAnotherKitAsksKindlyAndNotNowKeepsTheJourney() throws {
        var journey = Journey(catalog: try Fixtures.loadReal(), locale: "en")
        journey.send(.start(kitCode: "mg-1"))
        journey.progress?.wish = "Rest"
        let before = try #require(journey.progress)
        journey.send(.start(kitCode: "bs-1"))
        #expect(journey.lastText.contains("Basil") && journey.lastText.contains("your words and your collection stay"))
        #expect(journey.progress?.programID == "microgreens" && journey.progress?.pendingConfirmation == .switchKit(code: "bs-1"))
        // Not now: the journey goes on as it was.
        journey.press("No, keep it")
        #expect(journey.progress?.programID == "microgreens" && journey.progress?.wish == before.wish)
        #expect(journey.progress?.pendingConfirmation == nil)
        // The old "yes" acts no more once the question was answered.
        journey.send(.callback(payload: "y"))
        #expect(journey.last.rejected && journey.progress?.programID == "microgreens")
        // Asked again and confirmed: basil starts, microgreens is kept, and it counts as a second kit.
        journey.send(.start(kitCode: "bs-1"))
        journey.press("Start now")
        #expect(journey.progress?.programID == "basil" && journey.progress?.earlierJourneys?.last?.wish == "Rest")
        #expect(started(journey.last.events) == ["basil"] && journey.last.events.contains(.reset))
    }

    @Test func aStartOverOfTheSameKitIsNoSecondKit() throws {
        var journey = Journey(catalog: try Fixtures.loadReal())
        journey.send(.start(kitCode: "mg-1"))
        journey.send(.resetRequested)
        journey.press("Да, начать заново")
        #expect(journey.progress?.position == .welcome && started(journey.allEvents).isEmpty)
    }

    @Test func theKitsNotGrownYetAreThoseNoJourneyWalked() throws {
        let catalog = try Fixtures.loadReal()
        #expect(catalog.kitsNotGrown(by: nil).map(\.id) == ["basil", "microgreens"])
        var journey = try finishedMicrogreens()
        #expect(catalog.kitsNotGrown(by: journey.progress).map(\.id) == ["basil"])
        journey.send(.start(kitCode: "bs-3"))
        #expect(catalog.kitsNotGrown(by: journey.progress).isEmpty, "basil now, microgreens before")
        #expect(catalog.programs.allSatisfy { program in program.locales.allSatisfy { program.texts[$0]?.shopLine != nil } })
    }

    @Test func onlyACodeOfAKnownKitIsTakenForOne() throws {
        let catalog = try Fixtures.loadReal()
        for code in ["bs-2026-0042", "MG-7", "mg_12"] { #expect(catalog.recognizesKitCode(code), "\(code)") }
        for code in ["bs", "bs-", "bs-abc", "xx-123", "mg 123", "mg-1 2", "спасибо-1", "mg-" + String(repeating: "1", count: 70)] {
            #expect(!catalog.recognizesKitCode(code), "\(code)")
        }
    }
}

/// `"shop"` and `"shopLine"` are program data that `content check` validates.
@Suite struct KitShopContentTests {
    func expectProblem(_ problems: [ContentProblem], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(problems.contains { $0.message.contains(fragment) }, "…\(fragment)… among:\n\(problems.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    /// The tiny fixture offered in a shop, with its line in both locales, then `edit` on one file.
    func problems(shop: String = #"{ "url": "https://shop.example/tiny" }"#, _ file: String? = nil,
                  _ edit: @escaping (String) -> String = { $0 }) throws -> [ContentProblem] {
        let copy = try Fixtures.broken("programs/tiny/program.json") { $0.replacingOnce(#""fallback": true,"#, with: #""fallback": true, "shop": \#(shop),"#) }
        for (locale, line) in [("ru", "Шесть дней маленькой практики."), ("en", "Six days of a tiny practice.")] {
            let url = copy.appendingPathComponent("programs/tiny/\(locale).json")
            try String(contentsOf: url, encoding: .utf8).replacingOnce(#""welcome":"#, with: #""shopLine": "\#(line)", "welcome":"#)
                .write(to: url, atomically: true, encoding: .utf8)
        }
        if let file {
            let url = copy.appendingPathComponent(file)
            try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
        return try Fixtures.problems(in: copy)
    }

    @Test func aKitOnOfferLoadsWithItsShopAndLines() throws {
        #expect(try problems().isEmpty)
        #expect(try problems(shop: "{}").isEmpty, "without a url the bot's SOGRETO_SHOP_URL is used")
    }

    @Test func aBadAddressAMissingOrLongLineAndALineWithoutAShopAreReported() throws {
        expectProblem(try problems(shop: #"{ "url": "http://shop.example/tiny" }"#), "a shop address is a full https:// URL")
        expectProblem(try problems(shop: #"{ "url": "shop" }"#), "a shop address is a full https:// URL")
        expectProblem(try problems(shop: #"{ "page": "x" }"#), "page")
        let missing = try problems("programs/tiny/en.json") { $0.replacingOnce(#""shopLine": "Six days of a tiny practice.", "#, with: "") }
        expectProblem(missing, "missing key \"shopLine\"")
        let long = try problems("programs/tiny/ru.json") { $0.replacingOnce("Шесть дней маленькой практики.", with: String(repeating: "Очень длинно. ", count: 12)) }
        expectProblem(long, "a shop line has room for 140")
        let placeholder = try problems("programs/tiny/en.json") { $0.replacingOnce("Six days", with: "{name}, six days") }
        #expect(!placeholder.isEmpty)
        let orphan = try Fixtures.problems("programs/tiny/en.json") { $0.replacingOnce(#""welcome":"#, with: #""shopLine": "Six days.", "welcome":"#) }
        expectProblem(orphan, "a shop line needs \"shop\" in program.json")
    }
}

import Foundation
import Testing
@testable import Program

/// "A taste" as program data: `"taste": { "through": "<stage>" }` names the last stage a gifted
/// taste gives, and `content check` refuses one that cannot work.
@Suite struct TasteContentTests {
    /// The tiny program with `taste` in program.json and, unless told otherwise, a taste welcome in
    /// both locale files.
    func problems(_ taste: String?, tasteWelcome: Bool = true) throws -> [ContentProblem] {
        let copy = try Fixtures.broken("programs/tiny/program.json") {
            guard let taste else { return $0 + "\n" }
            return $0.replacingOnce(#""fallback": true,"#, with: #""fallback": true, "taste": \#(taste),"#)
        }
        if tasteWelcome {
            for locale in ["ru", "en"] {
                let url = copy.appendingPathComponent("programs/tiny/\(locale).json")
                let text = try String(contentsOf: url, encoding: .utf8)
                try text.replacingOnce(#""welcome": "#, with: #""tasteWelcome": "<b>Hi!</b> Any seeds and a saucer will do.", "welcome": "#)
                    .write(to: url, atomically: true, encoding: .utf8)
            }
        }
        return try Fixtures.problems(in: copy)
    }

    func expectProblem(_ problems: [ContentProblem], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(problems.contains { $0.message.contains(fragment) }, "…\(fragment)… among:\n\(problems.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    @Test func aTasteThroughAStageOfStepsLoads() throws {
        #expect(try problems(#"{ "through": "sprout" }"#).isEmpty)
    }

    @Test func aTasteThroughAMissingThemesOrLastStageIsReported() throws {
        expectProblem(try problems(#"{ "through": "bloom" }"#), "which the program does not have")
        expectProblem(try problems(#"{ "through": "leaves" }"#), "a taste ends after a stage of steps")
        expectProblem(try problems(#"{ "through": "final" }"#), "leaves nothing for the kit")
        expectProblem(try problems(#"{ "until": "sprout" }"#), "until")
    }

    @Test func aTasteNeedsAWelcomeOfItsOwnAndOnlyATasteHasOne() throws {
        // The kit's welcome names what is in the box, which a friend tasting the program lacks
        expectProblem(try problems(#"{ "through": "sprout" }"#, tasteWelcome: false), "missing key \"tasteWelcome\"")
        expectProblem(try problems(nil), "a taste welcome would never be shown")
    }

    @Test func theMicrogreensTasteGivesPlantingAndSprouts() throws {
        let catalog = try ProgramCatalog.load(from: try #require(Fixtures.realPrograms), uiStrings: Fixtures.realLocales)
        let engine = ProgramEngine(catalog: catalog)
        #expect(engine.tasteStageTitles(locale: "en") == ["Planting", "Sprouts"])
        #expect(engine.tasteStageTitles(locale: "ru") == ["Посадка", "Всходы"])
    }
}

/// A taste in the engine: it stops after its stages, and starting over gives a taste again.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs"))
struct TasteEngineTests {
    @Test(arguments: ["ru", "en"])
    func aTasteIsWelcomedWithoutTheKitsContents(locale: String) throws {
        let catalog = try Fixtures.loadReal()
        let texts = try #require(catalog.program(id: "microgreens")?.texts(for: locale))
        var taste = Journey(catalog: catalog, locale: locale)
        let tasteWelcome = taste.send(.startTaste).messages.map(\.text).joined()
        var kit = Journey(catalog: catalog, locale: locale)
        let kitWelcome = kit.send(.start(kitCode: "mg-2026-7")).messages.map(\.text).joined()
        #expect(tasteWelcome.contains(locale == "ru" ? "блюдце" : "saucer"), "\(tasteWelcome)")
        #expect(!tasteWelcome.contains(texts.kitName) && !tasteWelcome.contains(locale == "ru" ? "В наборе" : "Your kit"), "\(tasteWelcome)")
        #expect(kitWelcome.contains(locale == "ru" ? "В наборе" : "Your kit"), "\(kitWelcome)")
    }

    @Test func startingATasteOverGivesATasteAgainNotTheWholeJourney() throws {
        var journey = Journey(catalog: try Fixtures.loadReal())
        journey.send(.startTaste)
        #expect(journey.progress?.taste == true && journey.progress?.kitCode == nil)
        journey.progress?.wish = "Тишина"
        journey.send(.resetRequested)
        journey.send(.callback(payload: "y"))
        #expect(journey.progress?.earlierJourneys?.last?.wish == "Тишина", "the reset took place")
        #expect(journey.progress?.taste == true)
    }

    @Test func aTasteIsOverOnlyOnceItsLastStageIsDoneAndThenNothingIsScheduled() throws {
        let catalog = try Fixtures.loadReal()
        var journey = Journey(catalog: catalog)
        journey.send(.startTaste)
        var progress = try #require(journey.progress)
        let engine = ProgramEngine(catalog: catalog)
        #expect(!engine.tasteIsOver(progress))
        progress.stagesCompleted["planting"] = journey.now
        progress.position = .stageDone(stage: "planting")
        // Before its end, the taste's own next stage is planned, and nothing past it
        #expect(ProgramSchedule.unlocks(of: progress, timeZone: journey.timeZone, catalog: catalog).map(\.stageID) == ["sprouts"])
        #expect(engine.microPractices(of: progress, timeZone: journey.timeZone).allSatisfy { $0.day < 5 })
        progress.stagesCompleted["sprouts"] = journey.now
        progress.position = .stageDone(stage: "sprouts")
        #expect(engine.tasteIsOver(progress))
        #expect(ProgramSchedule.unlocks(of: progress, timeZone: journey.timeZone, catalog: catalog).isEmpty)
    }
}

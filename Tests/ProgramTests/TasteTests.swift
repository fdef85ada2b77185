import Foundation
import Testing
@testable import Program

/// "A taste" as program data: `"taste": { "through": "<stage>" }` names the last stage a gifted
/// taste gives, and `content check` refuses one that cannot work.
@Suite struct TasteContentTests {
    func problems(_ taste: String) throws -> [ContentProblem] {
        try Fixtures.problems("programs/tiny/program.json") { $0.replacingOnce(#""fallback": true,"#, with: #""fallback": true, "taste": \#(taste),"#) }
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

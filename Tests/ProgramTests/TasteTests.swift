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

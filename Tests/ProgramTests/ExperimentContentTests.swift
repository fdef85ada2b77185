import Foundation
import Testing
@testable import Program

/// Variants of texts and the experiments that own them, as `content check` reads them.
@Suite struct ExperimentContentTests {
    static let experiment = #"  "experiments": [ { "id": "sprout-unlock", "texts": ["stages.sprout.unlock"], "variants": {"a": 1, "b": 1}, "metric": "next-step", "samplePerVariant": 50 } ],"#

    /// The valid fixture with an experiment on the sprout stage's unlock text in both locales.
    static func withExperiment(ru: String = #"{"variants": {"a": "Появились всходы.", "b": "<b>Всходы уже тут!</b>"}}"#,
                               en: String = #"{"variants": {"a": "Sprouts are up.", "b": "<b>Sprouts are here!</b>"}}"#,
                               declaration: String = experiment,
                               more: [String: (String) -> String] = [:]) throws -> URL {
        var edits: [String: (String) -> String] = [
            "programs/tiny/program.json": { $0.replacingOnce(#"  "stages": ["#, with: declaration + "\n" + #"  "stages": ["#) },
            "programs/tiny/ru.json": { $0.replacingOnce(#""unlock": "Появились всходы.""#, with: #""unlock": "# + ru) },
            "programs/tiny/en.json": { $0.replacingOnce(#""unlock": "Sprouts are up.""#, with: #""unlock": "# + en) },
        ]
        for (file, edit) in more {
            let first = edits[file]
            edits[file] = { text in edit(first?(text) ?? text) }
        }
        return try Fixtures.editing(edits)
    }

    static func problems(_ folder: URL) -> [ContentProblem] {
        do {
            _ = try ProgramCatalog.load(from: folder.appendingPathComponent("programs"), uiStrings: folder.appendingPathComponent("locales"))
            return []
        } catch {
            return error.problems
        }
    }

    private func expectProblem(_ problems: [ContentProblem], file: String, _ fragment: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let match = problems.contains { $0.file == file && $0.message.contains(fragment) }
        #expect(match, "expected \(file): …\(fragment)… among:\n\(problems.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    @Test func anExperimentLoadsAndEachVariantShowsItsOwnText() throws {
        let folder = try Self.withExperiment()
        let catalog = try ProgramCatalog.load(from: folder.appendingPathComponent("programs"), uiStrings: folder.appendingPathComponent("locales"))
        let experiment = try #require(catalog.experiment(id: "sprout-unlock"))
        #expect(experiment.variants.map(\.id) == ["a", "b"] && experiment.metric == .nextStep && experiment.samplePerVariant == 50)
        #expect(experiment.programID == "tiny" && experiment.control == "a")
        let tiny = try #require(catalog.program(id: "tiny"))
        #expect(tiny.texts["ru"]?.stages["sprout"]?.unlock == "Появились всходы.")
        let b = catalog.showing(VariantSelection(["sprout-unlock": "b"]))
        #expect(b.program(id: "tiny")?.texts["ru"]?.stages["sprout"]?.unlock == "<b>Всходы уже тут!</b>")
        #expect(b.program(id: "tiny")?.texts["en"]?.stages["sprout"]?.unlock == "<b>Sprouts are here!</b>")
        #expect(b.fallbackProgram.texts["en"]?.stages["sprout"]?.unlock == "<b>Sprouts are here!</b>")
        // Other texts are the control's; an unknown variant shows the control.
        #expect(b.program(id: "tiny")?.texts["ru"]?.welcome == tiny.texts["ru"]?.welcome)
        let unknown = catalog.showing(VariantSelection(["sprout-unlock": "zz"]))
        #expect(unknown.program(id: "tiny")?.texts["ru"]?.stages["sprout"]?.unlock == "Появились всходы.")
    }

    @Test func aVariantIsCheckedAsHTMLLikeAnyText() throws {
        let problems = Self.problems(try Self.withExperiment(ru: #"{"variants": {"a": "Появились всходы.", "b": "<b>Всходы уже тут!"}}"#))
        expectProblem(problems, file: "programs/tiny/ru.json", "[variant sprout-unlock=b]")
        #expect(problems.count == 1, "\(problems)")
    }

    @Test func aVariantTooLongAfterFillingIsReported() throws {
        let long = String(repeating: "Очень длинный текст. ", count: 250)
        let problems = Self.problems(try Self.withExperiment(ru: #"{"variants": {"a": "Появились всходы.", "b": "\#(long)"}}"#))
        expectProblem(problems, file: "programs/tiny/ru.json", "[variant sprout-unlock=b] text is")
    }

    @Test func variantsWithDifferentPlaceholdersDifferInStructureAndAreRefused() throws {
        let problems = Self.problems(try Self.withExperiment(ru: #"{"variants": {"a": "Появились всходы.", "b": "Всходы, {name}!"}}"#))
        expectProblem(problems, file: "programs/tiny/ru.json", "variant \"b\" differs in structure from \"a\": {name}")
    }

    @Test func variantsWithDifferentLinksAreRefused() throws {
        let problems = Self.problems(try Self.withExperiment(
            en: #"{"variants": {"a": "Sprouts are up.", "b": "Sprouts, <a href=\"https://example.org\">see</a>."}}"#))
        expectProblem(problems, file: "programs/tiny/en.json", "links https://example.org")
    }

    @Test func aTextWhoseVariantIdsDifferFromItsExperimentsIsRefused() throws {
        let problems = Self.problems(try Self.withExperiment(ru: #"{"variants": {"a": "Появились всходы.", "c": "Всходы!"}}"#))
        expectProblem(problems, file: "programs/tiny/ru.json", "variants a, c differ in structure from experiment \"sprout-unlock\"'s a, b")
    }

    @Test func aVariantThatIsNotATextIsRefused() throws {
        let problems = Self.problems(try Self.withExperiment(ru: #"{"variants": {"a": "Появились всходы.", "b": {"text": "Всходы"}}}"#))
        expectProblem(problems, file: "programs/tiny/ru.json", "variant \"b\" is an object; every variant is a text")
    }

    @Test func variantsThatNoExperimentOwnsAreRefused() throws {
        let problems = Self.problems(try Self.withExperiment(declaration: ""))
        expectProblem(problems, file: "programs/tiny/ru.json", "belong to no experiment: list \"stages.sprout.unlock\"")
    }

    @Test func aCoveredTextWithoutVariantsInOneLocaleIsRefused() throws {
        let problems = Self.problems(try Self.withExperiment(en: #""Sprouts are up.""#))
        expectProblem(problems, file: "programs/tiny/en.json", "covers \"stages.sprout.unlock\", which has no {\"variants\"")
    }

    @Test func aButtonLabelVariantMeetsTheButtonRules() throws {
        let declaration = #"  "experiments": [ { "id": "labels", "texts": ["choices.seeds"], "variants": {"a": 1, "b": 3}, "metric": "day-7" } ],"#
        let long = "Семена, которые растут очень быстро"
        let problems = Self.problems(try Fixtures.editing([
            "programs/tiny/program.json": { $0.replacingOnce(#"  "stages": ["#, with: declaration + "\n" + #"  "stages": ["#) },
            "programs/tiny/ru.json": { $0.replacingOnce(#""seeds": "Семена""#, with: #""seeds": {"variants": {"a": "Семена", "b": "\#(long)"}}"#) },
            "programs/tiny/en.json": { $0.replacingOnce(#""seeds": "Seeds""#, with: #""seeds": {"variants": {"a": "Seeds", "b": "Seed"}}"#) },
        ]))
        expectProblem(problems, file: "programs/tiny/ru.json", "[variant labels=b] button label is 35 characters")
    }

    @Test func anExperimentNeedsAKnownMetricAndTwoVariants() throws {
        let declaration = #"  "experiments": [ { "id": "sprout-unlock", "texts": ["stages.sprout.unlock"], "variants": {"a": 1}, "metric": "clicks" } ],"#
        let problems = Self.problems(try Self.withExperiment(declaration: declaration))
        expectProblem(problems, file: "programs/tiny/program.json", "unknown metric \"clicks\"")
        expectProblem(problems, file: "programs/tiny/program.json", "at least two variants")
    }
}

extension Fixtures {
    /// A copy of the valid fixture with several files edited.
    static func editing(_ edits: [String: (String) -> String]) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-fixture-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: valid, to: copy)
        for (file, edit) in edits {
            let url = copy.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            try edit(text).write(to: url, atomically: true, encoding: .utf8)
        }
        return copy
    }
}

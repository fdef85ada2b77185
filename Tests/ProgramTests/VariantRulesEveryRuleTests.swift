import Foundation
import Testing
@testable import Program

/// `content check` applies to every variant each rule it applies to the control: HTML, bold lines
/// and titles, lengths (raw, after filling the user's words, a practice's screen), placeholders
/// and buttons. Variant b of one experiment breaks each rule once; a is the control as shipped.
@Suite struct VariantRulesEveryRuleTests {
    static let texts = ["stages.sprout.unlock", "stages.plant.steps.prepare.text", "stages.sprout.steps.look.text",
                        "stages.final.unlock", "themes.calm.text", "choices.seeds", "stages.leaves.unlock"]

    /// `"text"` → `{"variants": {"a": "text", "b": "b"}}`, as JSON.
    static func variants(_ a: String, _ b: String) -> String {
        #"{"variants": {"a": "# + json(a) + #", "b": "# + json(b) + "}}"
    }

    static func json(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// Replaces `"key": "value"` (value as written in the fixture) by the value's variants.
    static func vary(_ key: String, _ value: String, a: String? = nil, b: String) -> (String) -> String {
        { $0.replacingOnce("\"\(key)\": " + json(value), with: "\"\(key)\": " + variants(a ?? value, b)) }
    }

    static func folder() throws -> URL {
        let quotes = String(repeating: " {wish}", count: 30)
        let declaration = #"  "experiments": [ { "id": "every-rule", "texts": ["# + texts.map(json).joined(separator: ", ")
            + #"], "variants": {"a": 1, "b": 1}, "metric": "next-step" } ],"#
        let ru: [(String) -> String] = [
            vary("unlock", "Появились всходы.", b: "<b>Всходы уже тут!"),                               // HTML
            vary("text", "Положи ладонь на коврик.", b: "<b>Ладонь</b>\n<b>На коврик</b>\nПоложи ладонь."), // bold lines
            vary("text", "Посмотри на ростки. Ты писал: {answer:plant.intention}",
                 b: "<b>Смотрим.</b> Посмотри на ростки. Ты писал: {answer:plant.intention}"),         // title repeated
            vary("unlock", "Финал.", a: "Финал:" + quotes, b: String(repeating: "Ж", count: 3180) + quotes), // length after filling
            vary("text", "Практика calm.", b: String(repeating: "Подыши спокойно. ", count: 36)),     // practice screen
            vary("seeds", "Семена", b: "Семена, которые растут очень быстро"),                         // button label
            vary("unlock", "Листья.", b: "Листья, {name}!"),                                           // placeholders
        ]
        let en: [(String) -> String] = [
            vary("unlock", "Sprouts are up.", b: "Sprouts!"), vary("text", "Put your palm on the mat.", b: "Palm on the mat."),
            vary("text", "Look at the sprouts. You wrote: {answer:plant.intention}", b: "Look. You wrote: {answer:plant.intention}"),
            vary("unlock", "Final.", b: "The end."), vary("text", "Practice calm.", b: "Calm."), vary("seeds", "Seeds", b: "Seed"),
            vary("unlock", "Leaves.", b: "Leaves!"),
        ]
        return try Fixtures.editing([
            "programs/tiny/program.json": { $0.replacingOnce(#"  "stages": ["#, with: declaration + "\n" + #"  "stages": ["#) },
            "programs/tiny/ru.json": { text in ru.reduce(text) { $1($0) } },
            "programs/tiny/en.json": { text in en.reduce(text) { $1($0) } },
        ])
    }

    @Test func variantBBreakingEachRuleIsReportedOncePerRule() throws {
        let folder = try Self.folder()
        let problems = ExperimentContentTests.problems(folder)
        let ru = "programs/tiny/ru.json"
        func expect(_ file: String, _ path: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let found = problems.filter { $0.file == file && $0.jsonPath == path && $0.message.contains(fragment) }
            #expect(found.count == 1, "expected \(file): \(path): …\(fragment)… once among:\n\(problems.map(\.description).joined(separator: "\n"))",
                    sourceLocation: sourceLocation)
        }
        let b = "[variant every-rule=b] "
        expect(ru, "$.stages.sprout.unlock", b)                                                       // HTML
        expect(ru, "$.stages.plant.steps.prepare.text", b + "the message opens 3 lines in a row in bold")
        expect(ru, "$.stages.sprout.steps.look.text", b + "the bold lead repeats the title")
        expect(ru, "$.stages.final.unlock", b + "with every answer cut to 20 characters")
        expect(ru, "$.themes.calm.text", b + "the practice is")
        expect(ru, "$.choices.seeds", b + "button label is 35 characters")
        expect("programs/tiny/program.json", "$", b + "[ru] step plant.pick: button \"Семена, которые растут очень быстро\" is 35 characters")
        expect("programs/tiny/program.json", "$", b + "[ru] step plant.pick: button \"✓ Семена, которые растут очень быстро\" is 37") // chosen
        expect(ru, "$.stages.leaves.unlock", "variant \"b\" differs in structure from \"a\": {name}")
        // Nothing is reported for the control or for English, whose b breaks no rule
        #expect(problems.allSatisfy { $0.file == ru || $0.message.contains("[ru]") }, "\(problems)")
        #expect(problems.count == 9, "\(problems.map(\.description).joined(separator: "\n"))")
    }
}

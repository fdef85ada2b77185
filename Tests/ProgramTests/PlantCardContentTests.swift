import Foundation
import Testing
@testable import Program

/// State-plant cards are program data: `content check` resolves what earns them and what they
/// quote, and checks their words in every locale.
@Suite struct PlantCardContentTests {
    func expectProblem(_ problems: [ContentProblem], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(problems.contains { $0.message.contains(fragment) }, "…\(fragment)… among:\n\(problems.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    static let cards = #""cards": [{ "id": "calm", "silhouette": "leaf", "earned": { "theme": "calm" } }, { "id": "patience", "silhouette": "seed", "earned": { "stage": "plant" }, "answer": "plant.intention" }], "menus": {"#
    static let texts = #""cards": { "calm": { "state": "Calm", "line": "Slow breath." }, "patience": { "state": "Patience", "line": "Waiting well." } }, "menus": {"#

    /// The tiny fixture with two cards and their texts in both locales, then `edit` on one file.
    func problems(_ file: String? = nil, _ edit: @escaping (String) -> String = { $0 }) throws -> [ContentProblem] {
        let copy = try Fixtures.broken("programs/tiny/program.json") { $0.replacingOnce(#""menus": {"#, with: Self.cards) }
        for locale in ["ru", "en"] {
            let url = copy.appendingPathComponent("programs/tiny/\(locale).json")
            try String(contentsOf: url, encoding: .utf8).replacingOnce(#""menus": {"#, with: Self.texts).write(to: url, atomically: true, encoding: .utf8)
        }
        if let file {
            let url = copy.appendingPathComponent(file)
            try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
        return try Fixtures.problems(in: copy)
    }

    @Test func wellFormedCardsLoadWithTheirWords() throws {
        #expect(try problems().isEmpty)
    }

    @Test func aCardThatCannotBeDrawnOrEarnedOrQuotesNoQuestionIsReported() throws {
        let silhouette = try problems("programs/tiny/program.json") { $0.replacingOnce(#""silhouette": "leaf""#, with: #""silhouette": "cactus""#) }
        expectProblem(silhouette, "unknown silhouette \"cactus\"")
        let theme = try problems("programs/tiny/program.json") { $0.replacingOnce(#""theme": "calm""#, with: #""theme": "storm""#) }
        expectProblem(theme, "theme \"storm\", which is not in the theme pool")
        let stage = try problems("programs/tiny/program.json") { $0.replacingOnce(#""stage": "plant""#, with: #""stage": "leaves""#) }
        expectProblem(stage, "the themes stage earns a card per theme")
        let missing = try problems("programs/tiny/program.json") { $0.replacingOnce(#""stage": "plant""#, with: #""stage": "harvest""#) }
        expectProblem(missing, "stage \"harvest\", which the program does not have")
        let answer = try problems("programs/tiny/program.json") { $0.replacingOnce(#""plant.intention""#, with: #""plant.prepare""#) }
        expectProblem(answer, "quotes \"plant.prepare\", which is not a question or wish step")
        let twice = try problems("programs/tiny/program.json") { $0.replacingOnce(#""id": "patience", "silhouette": "seed", "earned": { "stage": "plant" }"#,
                                                                                   with: #""id": "patience", "silhouette": "seed", "earned": { "theme": "calm" }"#) }
        expectProblem(twice, "is earned by what already earns another card")
    }

    @Test func cardWordsMissingTooLongOrWithMarkupAreReported() throws {
        let missing = try problems("programs/tiny/en.json") { $0.replacingOnce(#""calm": { "state": "Calm", "line": "Slow breath." }, "#, with: "") }
        expectProblem(missing, "missing texts for card \"calm\"")
        let long = try problems("programs/tiny/ru.json") { $0.replacingOnce(#""state": "Calm""#, with: #""state": "\#(String(repeating: "Спокойствие ", count: 3))""#) }
        expectProblem(long, "a card has room for 24")
        let markup = try problems("programs/tiny/en.json") { $0.replacingOnce(#""line": "Slow breath.""#, with: #""line": "<b>Slow</b> {name}""#) }
        expectProblem(markup, "card words are drawn as they are")
    }

    /// Both kits define the states the issue names, a card for every theme of their pool, and
    /// the words of every card in every locale.
    @Test func theRealKitsHaveTheirStatePlantsInEveryLocale() throws {
        guard Fixtures.hasRealContent else { return }
        let catalog = try Fixtures.loadReal()
        for id in ["microgreens", "basil"] {
            let program = try #require(catalog.program(id: id))
            let ids = program.cards.map(\.id)
            #expect(ids.starts(with: ["patience", "attention"]) && ids.contains("gratitude") && ids.last == "anticipation", "\(id): \(ids)")
            for theme in program.themes?.pool ?? [] {
                #expect(program.cards.contains { $0.earned == .theme(theme) }, "\(id): theme \(theme) earns no card")
            }
            for locale in program.locales {
                #expect(Set(program.texts[locale]?.cards.keys.map { $0 } ?? []) == Set(ids), "\(id)/\(locale)")
            }
        }
        #expect(catalog.program(id: "basil")?.cards.contains { $0.id == "energy" && $0.silhouette == .basil } == true)
    }
}

import Foundation
import Testing
@testable import Program

/// `{name}` placeholders, scanned as bytes: the same results as reading the text character by
/// character, with Russian text, emoji and malformed braces.
@Suite struct PlaceholdersTests {
    @Test func namesAreListedInOrderWithoutBraces() {
        #expect(Placeholders.names(in: "Привет, {name}! День {day}: {answer:plant.intention} 🌱") ==
                ["name", "day", "answer:plant.intention"])
        #expect(Placeholders.names(in: "без подстановок") == [])
        // An unclosed brace names nothing; a second `{` starts over.
        #expect(Placeholders.names(in: "{a {b} c} {d") == ["b"])
    }

    @Test func knownPlaceholdersAreFilledAroundMultiByteText() {
        let text = "🌱 Ты писал(а): «{answer:plant.intention}», {name}. {day}-й день"
        let filled = Placeholders.fill(text, ["answer:plant.intention": "тишина", "name": "Аня", "day": "3"])
        #expect(filled == "🌱 Ты писал(а): «тишина», Аня. 3-й день")
    }

    @Test func unknownAndMalformedPlaceholdersStayAsWritten() {
        #expect(Placeholders.fill("{unknown} и {name}", ["name": "Вера"]) == "{unknown} и Вера")
        #expect(Placeholders.fill("{name", ["name": "Вера"]) == "{name")
        #expect(Placeholders.fill("a {b {name} c}", ["name": "Вера"]) == "a {b Вера c}")
        #expect(Placeholders.fill("} {name}}", ["name": "Вера"]) == "} Вера}")
        #expect(Placeholders.fill("без скобок", ["name": "Вера"]) == "без скобок")
    }

    @Test func aValueIsInsertedOnceAndNeverExpandedAgain() {
        #expect(Placeholders.fill("{a}{b}", ["a": "{b}", "b": "🌿"]) == "{b}🌿")
    }
}

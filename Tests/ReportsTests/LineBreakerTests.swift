import Foundation
import Testing
@testable import Reports

@Suite struct LineBreakerTests {
    @Test func everyLineFitsAndNoWordIsLost() throws {
        let breaker = LineBreaker(font: try Fixtures.assets().font(.text), size: 11.5)
        let text = String(repeating: "Земля была прохладной и влажной, и я дышала медленнее. ", count: 12)
        let lines = breaker.lines(text, width: 300)
        #expect(lines.count > 5)
        for line in lines { #expect(breaker.width(line) <= 300) }
        #expect(lines.joined(separator: " ").split(separator: " ") == text.split(separator: " "))
    }

    @Test func aWordLongerThanTheLineIsCutBetweenLetters() throws {
        let breaker = LineBreaker(font: try Fixtures.assets().font(.label), size: 10)
        let word = String(repeating: "ростки", count: 30)
        let lines = breaker.lines("см. " + word, width: 120)
        #expect(lines.count > 3)
        for line in lines { #expect(breaker.width(line) <= 120) }
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == "см." + word)
    }

    @Test func blankLinesBetweenParagraphsSurvive() throws {
        let breaker = LineBreaker(font: try Fixtures.assets().font(.text), size: 11)
        #expect(breaker.lines("Первый.\n\nВторой.", width: 400) == ["Первый.", "", "Второй."])
    }
}

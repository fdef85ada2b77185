import Foundation
import Testing
@testable import Program

/// The microgreens kit holds radish and mustard seeds, a tray with a lid and a mat: the texts name
/// those and no seed that would need soaking (peas, sunflower), since no soaking step exists.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs/microgreens"))
struct KitSeedsTests {
    @Test(arguments: [("ru", ["горох", "гороше", "подсолнечник ", "подсолнечником", "подсолнечника —"], ["редис", "горчиц", "крышк", "коврик"]),
                      ("en", ["pea ", "peas", "pea shoots", "sunflower shoots", "sunflower seeds wear", "soaked for"], ["radish", "mustard", "lid", "mat"])])
    func microgreensNameOnlyTheKitsSeeds(locale: String, absent: [String], inWelcome: [String]) throws {
        let program = try #require(try Fixtures.loadReal().program(id: "microgreens"))
        let texts = try #require(program.texts(for: locale))
        #expect(inWelcome.allSatisfy { texts.welcome.lowercased().contains($0) }, "\(texts.welcome)")
        // Every text a user can see or hear, recipes' ingredient lists aside (shelled sunflower seeds are an ingredient)
        var written = [texts.welcome]
        for stage in texts.stages.values {
            written += [stage.unlock, stage.intro ?? "", stage.narration ?? ""]
            written += stage.steps.values.flatMap { [$0.text, $0.why ?? "", $0.narration ?? ""] }
        }
        written += texts.themes.values.flatMap { [$0.text, $0.why ?? "", $0.narration ?? "", $0.question ?? ""] }
        written += texts.micro.values.flatMap { [$0.text, $0.question ?? ""] }
        written += texts.menus.values.flatMap { $0.items.values.map { $0.text.components(separatedBy: "•").first ?? "" } }
        for text in written {
            for word in absent {
                #expect(!text.lowercased().contains(word), "\"\(word)\" in: \(text)")
            }
        }
    }
}

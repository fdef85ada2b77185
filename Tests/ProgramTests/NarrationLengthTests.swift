import Foundation
import Testing
@testable import Program

/// A theme is a whole practice, and a recorded practice lasts three to ten minutes (`sogreto
/// audio build` marks the others). Estimated from the script without rendering: its pauses
/// (paragraph breaks included), the words at 130 a minute (the slower, Russian voice) and the
/// 4.5 s of fades; the rendered tracks come out a few seconds longer.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs"))
struct NarrationLengthTests {
    static func estimatedSeconds(_ narration: Narration) -> Double {
        Double(narration.pauseSeconds) + Double(narration.wordCount) * 60 / 130 + 4.5
    }

    @Test(arguments: ["ru", "en"])
    func everyBasilThemeNarratesAtLeastThreeMinutes(locale: String) throws {
        let basil = try #require(try Fixtures.loadReal().program(id: "basil"))
        let texts = try #require(basil.texts(for: locale))
        for (id, theme) in texts.themes {
            let script = try #require(theme.narration, "theme \(id) has no narration script")
            let seconds = Self.estimatedSeconds(try Narration.parse(script: script))
            #expect((180...600).contains(seconds), "basil \(locale) theme \(id): about \(Int(seconds)) s")
        }
    }
}

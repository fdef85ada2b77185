import Foundation
import Testing
@testable import Program

/// A theme is a whole practice, and a recorded practice lasts three to ten minutes: its script
/// carries the practice's silences. Content check estimates the length from the script (its
/// pauses, paragraph breaks included, the words at 130 a minute, the slower Russian voice, and
/// the build's 5 s of framing silence) and refuses a theme outside that; the rendered tracks
/// come out within a few seconds of the estimate (`sogreto content check` then checks those too).
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs"))
struct NarrationLengthTests {
    @Test(arguments: ["microgreens", "basil"], ["ru", "en"])
    func everyThemeOfBothKitsNarratesThreeToTenMinutes(program id: String, locale: String) throws {
        let program = try #require(try Fixtures.loadReal().program(id: id))
        let texts = try #require(program.texts(for: locale))
        #expect(texts.themes.count == program.themes?.pool.count)
        for (themeID, theme) in texts.themes {
            let script = try #require(theme.narration, "\(id) \(locale) theme \(themeID) has no narration script")
            let seconds = try Narration.parse(script: script).estimatedSeconds()
            #expect(Narration.practiceSeconds.contains(seconds), "\(id) \(locale) theme \(themeID): about \(Int(seconds)) s")
        }
    }

    @Test func theEstimateCountsPausesParagraphBreaksWordsAndTheFraming() throws {
        // 130 words in two paragraphs, and a 60 s pause: 60 + 2 + 60 + 5
        let words = Array(repeating: "слово", count: 65).joined(separator: " ")
        let narration = try Narration.parse(script: "\(words)\n\n\(words) {pause:60}")
        #expect(narration.estimatedSeconds() == 127)
        #expect(narration.estimatedSeconds(wordsPerMinute: 65) == 187)
    }

    @Test func contentCheckRefusesAThemeWhoseNarrationCannotFillAPractice() throws {
        // A theme read out in a few seconds
        let short = try Fixtures.problems("programs/tiny/ru.json") {
            $0.replacingOnce(#""text": "Практика calm.""#, with: #""text": "Практика calm.", "narration": "Посиди спокойно. {pause:60}""#)
        }
        #expect(short.map(\.description) == [
            "programs/tiny/ru.json: $.themes.calm.narration: the narration lasts about 65 s (60 s of pauses, 2 words); "
                + "a theme is a whole practice of 3–10 minutes: give the practice its silences with {pause:N}",
        ])
        // and one that is mostly silence beyond ten minutes
        let long = try Fixtures.problems("programs/tiny/ru.json") {
            $0.replacingOnce(#""text": "Практика calm.""#,
                             with: #""text": "Практика calm.", "narration": "Посиди. {pause:400}\n\nЕщё. {pause:300}""#)
        }
        #expect(long.map(\.description).first?.contains("shorten its pauses") == true, "\(long)")
        // A theme with the practice's silences passes
        let copy = try Fixtures.broken("programs/tiny/ru.json") {
            $0.replacingOnce(#""text": "Практика calm.""#,
                             with: #""text": "Практика calm.", "narration": "Посиди спокойно. {pause:120}\n\nПодыши. {pause:60}""#)
        }
        defer { try? FileManager.default.removeItem(at: copy) }
        let catalog = try ProgramCatalog.load(from: copy.appendingPathComponent("programs"), uiStrings: copy.appendingPathComponent("locales"))
        #expect(catalog.program(id: "tiny")?.texts["ru"]?.themes["calm"]?.narration?.contains("{pause:120}") == true)
    }
}

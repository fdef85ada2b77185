import Foundation
import Testing
@testable import Program

@Suite("Narration scripts: spoken text with {pause:N} markers, never shown to readers")
struct NarrationTests {
    @Test("Markers become silences, paragraphs become short breaths, and a marker at a paragraph break replaces the breath")
    func parsesMarkersAndParagraphs() throws {
        let narration = try Narration.parse(script: "Wash your hands. {pause:20}\n\nLay the mat.\nWater it.\n\nBreathe.{pause:5}")
        #expect(narration.parts == [
            .speech("Wash your hands."), .pause(seconds: 20),
            .speech("Lay the mat. Water it."), .pause(seconds: Narration.paragraphPause),
            .speech("Breathe."), .pause(seconds: 5),
        ])
        #expect(narration.pauseSeconds == 27)
        #expect(narration.wordCount == 9)
    }

    @Test("Bad scripts are refused with a sentence", arguments: [
        ("Breathe {pause:0}", "must give whole seconds from 1 to 600"),
        ("Breathe {pause:20.5}", "must give whole seconds"),
        ("Hello {name}", "only {pause:N} is allowed"),
        ("Breathe {pause:20", "is never closed"),
        ("Breathe } out", "has no matching"),
        ("<b>Breathe</b>", "no HTML tags"),
        ("{pause:5}", "no words"),
    ])
    func refusesBadScripts(script: String, fragment: String) {
        let error = #expect(throws: NarrationProblem.self) { try Narration.parse(script: script) }
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
    }

    @Test("Without a script the screen text is read: tags and placeholders dropped, entities decoded")
    func screenTextNarration() {
        let narration = Narration.fromScreenText("<b>Day {day}.</b> Salt &amp; pepper.\n\n<i>What do you notice?</i>")
        #expect(narration.parts == [.speech("Day . Salt & pepper."), .pause(seconds: 2), .speech("What do you notice?")])
    }

    @Test("Content check accepts a narration field on steps, themes and the manifesto, and reports a bad marker where it is")
    func contentCheckReadsNarration() throws {
        let copy = try Fixtures.broken("programs/tiny/ru.json") {
            $0.replacingOnce(#""text": "Положи ладонь на коврик.""#, with: #""text": "Положи ладонь на коврик.", "narration": "Положи ладонь. {pause:15} Хорошо.""#)
        }
        defer { try? FileManager.default.removeItem(at: copy) }
        let catalog = try ProgramCatalog.load(from: copy.appendingPathComponent("programs"), uiStrings: copy.appendingPathComponent("locales"))
        let step = catalog.program(id: "tiny")?.texts["ru"]?.stages["plant"]?.steps["prepare"]
        #expect(step?.narration == "Положи ладонь. {pause:15} Хорошо.")

        let problems = try Fixtures.problems("programs/tiny/ru.json") {
            $0.replacingOnce(#""text": "Положи ладонь на коврик.""#, with: #""text": "Положи ладонь на коврик.", "narration": "Положи {pause:soon}""#)
        }
        #expect(problems.map(\.description) == ["programs/tiny/ru.json: $.stages.plant.steps.prepare.narration: {pause:soon} must give whole seconds from 1 to 600"])
    }
}

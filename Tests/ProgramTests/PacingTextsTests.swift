import Foundation
import Testing
@testable import Program

/// The picker and the themes stage say one true thing about how often themes come.
@Suite struct PacingTextsTests {
    @Test(arguments: [("ru", "день-два", "по одной теме в день", "паузы между", "раз в три дня"),
                      ("en", "every day or two", "One theme a day", "gaps between them", "one every three days")])
    func thePickerAndTheIntroAgreeThemesComeEveryDayOrTwo(locale: String, truth: String, untrue: String, fewer: String,
                                                           gentle: String) throws {
        let catalog = try Fixtures.loadReal()
        let program = try #require(catalog.program(id: "microgreens"))
        let intro = try #require(program.texts(for: locale)?.stages["baby-leaf"]?.intro)
        let prompt = catalog.strings(for: locale)[.themesPrompt]
        #expect(intro.contains(truth))
        #expect(prompt.contains(truth), "\(prompt)")
        #expect(!prompt.contains(untrue))
        // and the standard pace really brings a theme every day or two, the gentle one every three
        let standard = try #require(program.themes?.paces["standard"])
        #expect(zip(standard, standard.dropFirst()).allSatisfy { (1...2).contains($1 - $0) }, "\(standard)")
        let slow = try #require(program.themes?.paces["gentle"])
        #expect(zip(slow, slow.dropFirst()).allSatisfy { $1 - $0 == 3 }, "\(slow)")
        #expect(intro.contains(gentle), "the intro says what the gentle pace is")
        // Fewer themes are spread over the same days, so the picker says the gaps grow.
        #expect(prompt.contains(fewer))
        var three = UserProgress(program: program, kitCode: nil, locale: locale, now: Journey.monday)
        three.themes = Array(try #require(program.themes).pool.prefix(3))
        let days = ThemePlan(progress: three, program: program).slots.map(\.day)
        #expect(days.count == 3 && zip(days, days.dropFirst()).allSatisfy { $1 - $0 > 2 }, "\(days)")
    }
}

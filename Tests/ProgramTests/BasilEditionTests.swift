import Foundation
import Testing
@testable import Program

/// Basil's second edition: the "Energy" practice with its own themes and final practice, real
/// basil care, a pesto, safety for food, no gap of more than two days, and a gentle pace that
/// really is gentler.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs/basil"))
struct BasilEditionTests {
    func basil() throws -> Program {
        try #require(try Fixtures.loadReal().program(id: "basil"))
    }

    /// Every text a basil user reads in `locale`, tags kept.
    func allTexts(_ program: Program, _ locale: String) throws -> String {
        let texts = try #require(program.texts[locale])
        var all = [texts.welcome]
        for stage in texts.stages.values {
            all += [stage.unlock, stage.intro ?? ""] + stage.steps.values.flatMap { [$0.text, $0.why ?? ""] }
        }
        all += texts.themes.values.map(\.text) + texts.micro.values.map(\.text)
        all += texts.menus.values.flatMap { $0.items.values.map(\.text) }
        return all.joined(separator: "\n")
    }

    @Test(arguments: ["ru", "en"])
    func itIsAboutEnergyWithItsOwnThemesAndFinalPractice(locale: String) throws {
        let program = try basil()
        let all = try allTexts(program, locale).lowercased()
        #expect(all.components(separatedBy: locale == "ru" ? "энерг" : "energy").count > 5)
        let themes = try #require(program.themes)
        #expect(themes.pool.count >= 6)
        for id in themes.pool { #expect(program.texts[locale]?.themes[id]?.question != nil, "\(id) asks for a reflection") }
        #expect(program.stage("final")?.steps.count ?? 0 >= 3)
        #expect(program.stages.firstIndex { $0.id == "final" } == program.stages.count - 2, "a final practice before the manifesto")
    }

    @Test(arguments: ["ru", "en"])
    func itGivesRealBasilCareAndFoodSafety(locale: String) throws {
        let all = try allTexts(try basil(), locale)
        for fact in ["22–25 °C", "12–14", "5–15", locale == "ru" ? "прищипни" : "pinch out",
                     locale == "ru" ? "плесень" : "mould", locale == "ru" ? "Промой" : "Rinse",
                     locale == "ru" ? "протравленные" : "treated garden seeds"] {
            #expect(all.contains(fact), "\(fact)")
        }
    }

    @Test(arguments: ["ru", "en"])
    func itHasAPestoAndRecipesDoNotRepeatTheirTitle(locale: String) throws {
        let program = try basil()
        let recipes = try #require(program.texts[locale]?.menus["recipes"]?.items)
        #expect(recipes["pesto"] != nil)
        for (id, recipe) in recipes { #expect(!recipe.text.hasPrefix("<b>"), "\(id): the engine already prints the title") }
    }

    @Test(arguments: ["ru", "en"])
    func pauseAndSkipWeekSpeakToEveryKitAndDoNotPretendPlantsWait(locale: String) throws {
        let strings = try Fixtures.loadReal().strings(for: locale)
        for key in [UIKey.paused, .weekSkipped] {
            let text = strings[key].lowercased()
            for assumption in ["лоток", "землю", "дни не идут", "tray", "soil", "stand still"] {
                #expect(!text.contains(assumption), "\(key): \(text)")
            }
            #expect(text.contains(locale == "ru" ? "на паузу не встают" : "don’t pause"))
        }
    }

    @Test func noDayGoesSilentForMoreThanTwoDaysAndTheGentlePaceHasFewerThemesFurtherApart() throws {
        let program = try basil()
        #expect(program.maxSilenceDays == 2)
        var progress = UserProgress(program: program, kitCode: "bs-1", locale: "ru", now: Journey.monday)
        let standard = ThemePlan(progress: progress, program: program).slots.map(\.day)
        progress.pace = "gentle"
        let gentle = ThemePlan(progress: progress, program: program).slots.map(\.day)
        #expect(gentle.count < standard.count)
        let gap = { (days: [Int]) in zip(days, days.dropFirst()).map { $1 - $0 }.min() ?? 0 }
        #expect(gap(gentle) > gap(standard), "\(gentle) vs \(standard)")
    }
}

import Foundation
import Testing
@testable import Program

/// The editor's pass over both kits, held in place: every practice day captures a reflection,
/// the lines the review quoted as wrong stay gone, the closings vary, one apostrophe is used, and
/// claims about how long practices take match what they take.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs"))
struct EditorialPassTests {
    /// Every text a user can read or hear in one kit and language.
    static func everyText(_ program: Program, _ texts: ProgramTexts) -> [String] {
        var all = [texts.welcome, texts.title, texts.kitName]
        for stage in texts.stages.values {
            all += [stage.title, stage.unlock, stage.intro ?? "", stage.narration ?? ""]
            all += stage.steps.values.flatMap { [$0.title, $0.text, $0.why ?? "", $0.narration ?? "", $0.placeholder ?? ""] }
            if let manifesto = stage.manifesto { all += [manifesto.template, manifesto.templateFewAnswers ?? "", manifesto.completion] }
        }
        all += texts.themes.values.flatMap { [$0.title, $0.text, $0.why ?? "", $0.narration ?? "", $0.question ?? ""] }
        all += texts.micro.values.flatMap { [$0.title, $0.text, $0.question ?? ""] }
        all += texts.menus.values.flatMap { menu in [menu.title] + menu.items.values.flatMap { [$0.label, $0.text] } }
        return all
    }

    /// A short optional question (typed words, a choice, the wish) on every day something comes:
    /// each stage of steps asks one, every theme and every micro-practice too.
    @Test func everyPracticeDayCapturesAReflection() throws {
        for program in try Fixtures.loadReal().programs {
            for stage in program.stages where !stage.steps.isEmpty {
                #expect(stage.steps.contains { $0.takesText || $0.kind == .choice }, "\(program.id) \(stage.id) asks nothing")
            }
            for (locale, texts) in program.texts {
                for theme in program.themes?.pool ?? [] {
                    #expect(texts.themes[theme]?.question != nil, "\(program.id) \(locale) theme \(theme) asks nothing")
                }
                for micro in program.micro {
                    #expect(texts.micro[micro.id]?.question != nil, "\(program.id) \(locale) micro-practice \(micro.id) asks nothing")
                }
            }
        }
    }

    /// Microgreens' safety and biology: mould told from root hairs and when the tray goes, the rest
    /// of the tray harvested over days 7–10, no treated garden seeds for a second round, rinsing
    /// before eating, the warmth the first days need and the lid they rely on.
    @Test(arguments: [("ru", ["белая", "корневые волоски", "сомневаешься", "с 7-го по 10-й", "протравлены фунгицидом", "промой", "18–24 °C", "крышк"]),
                      ("en", ["white", "root hairs", "when in doubt, throw it out", "7–10", "treated", "rinse", "18–24 °C", "lid"])])
    func microgreensGivesSafeGrowingAdvice(locale: String, facts: [String]) throws {
        let program = try #require(try Fixtures.loadReal().program(id: "microgreens"))
        let all = Self.everyText(program, try #require(program.texts[locale])).joined(separator: "\n").lowercased()
        for fact in facts { #expect(all.contains(fact.lowercased()), "\(locale): \(fact)") }
    }

    @Test func theLinesTheReviewQuotedAsWrongStayGone() throws {
        let wrong = ["улягется", "подгоняний", "смотрения", "слушания", "Медленность", "Закрыть круг руками", "во мне было:",
                     "у меня были горсть", "Как ты сейчас —", "Close the circle with your hands", "Hands and place first",
                     "одну-пять минут", "пять-восемь", "три-пять дней", "grey web", "серая паутинка", "Дни не идут",
                     "если лоток рядом", "потрогай землю", "days don’t pass"]
        for program in try Fixtures.loadReal().programs {
            for (locale, texts) in program.texts {
                for text in Self.everyText(program, texts) {
                    for phrase in wrong { #expect(!text.contains(phrase), "\(program.id) \(locale): “\(phrase)” in \(text.prefix(80))") }
                }
            }
        }
    }

    /// "Three breaths" closed 6 of 35 texts: a closing may repeat, not become the refrain.
    @Test func threeBreathsClosesAtMostTwoTextsOfAKit() throws {
        for program in try Fixtures.loadReal().programs {
            for (locale, texts) in program.texts {
                // Screen texts only: a narration says its step's closing again
                var screens = texts.stages.values.flatMap { $0.steps.values.map(\.text) } + texts.themes.values.map(\.text)
                screens += texts.micro.values.map(\.text)
                let closings = screens.map { text in
                    String((try? TelegramHTML.plainText(of: text)) ?? text).split(separator: "\n").last.map(String.init)?.lowercased() ?? ""
                }
                let breaths = closings.filter { $0.contains("три вдоха") || $0.contains("три спокойных вдоха") || $0.contains("three breaths") }
                #expect(breaths.count <= 2, "\(program.id) \(locale): \(breaths)")
            }
        }
    }

    /// The manifesto's recording invites the user to read their own words aloud and then speaks
    /// the closing lines: each is one their manifesto ends with, and none is missing.
    @Test func theManifestosRecordingSpeaksOnlyItsOwnClosingLines() throws {
        for program in try Fixtures.loadReal().programs {
            for (locale, texts) in program.texts {
                let stage = try #require(texts.stages.values.first { $0.manifesto != nil })
                let template = try #require(stage.manifesto?.template)
                let closing = template.components(separatedBy: "\n\n").last?.split(separator: "\n").map(String.init) ?? []
                let narration = try #require(stage.narration)
                let spoken = narration.split(separator: "\n").map { line in
                    line.replacingOccurrences(of: #"\{pause:\d+\}"#, with: "", options: .regularExpression).trimmingCharacters(in: .whitespaces)
                }
                let affirmations = spoken.filter { $0.hasPrefix(locale == "ru" ? "Я " : "I ") || closing.contains($0) }
                #expect(affirmations == closing, "\(program.id) \(locale): \(affirmations) against \(closing)")
                #expect(narration.contains(locale == "ru" ? "вслух" : "out loud"), "\(program.id) \(locale): read it aloud")
            }
        }
    }

    /// English texts use the typographic apostrophe throughout, so one chat never mixes two.
    @Test func englishUsesOneApostrophe() throws {
        for program in try Fixtures.loadReal().programs {
            guard let texts = program.texts["en"] else { continue }
            for text in Self.everyText(program, texts) { #expect(!text.contains("'"), "\(program.id): \(text.prefix(80))") }
        }
    }

    /// The welcome promises practices "from one minute to ten": the longest stage, theme or
    /// manifesto narration is at most ten minutes, and no welcome names a shorter range.
    @Test func welcomesNameTheTimePracticesReallyTake() throws {
        for program in try Fixtures.loadReal().programs {
            for (locale, texts) in program.texts {
                let welcome = texts.welcome
                #expect(!welcome.contains("пяти минут") && !welcome.contains("five minutes"), "\(program.id) \(locale)")
                #expect(welcome.contains(locale == "ru" ? "от минуты до десяти" : "one to ten minutes"), "\(program.id) \(locale): \(welcome)")
            }
        }
    }
}

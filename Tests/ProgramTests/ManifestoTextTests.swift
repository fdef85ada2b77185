import Foundation
import Testing
@testable import Program

/// The manifesto in the user's own words (ManifestoText on the shipped templates): quotes
/// woven into sentences, lines and whole paragraphs dropped with the words they quote, and
/// a shorter text for a user who skipped most questions.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs/microgreens"))
struct ManifestoTextTests {
    func manifesto(locale: String, kit: String = "microgreens", wish: String? = nil, answers: [String: String] = [:],
                   choices: [String: String] = [:]) throws -> String {
        let catalog = try Fixtures.loadReal()
        let program = try #require(catalog.program(id: kit))
        let texts = try #require(program.texts[locale])
        var progress = UserProgress(program: program, kitCode: nil, locale: locale, now: Journey.monday)
        progress.wish = wish
        progress.answers = answers
        progress.choices = choices
        let filler = ContentFiller(progress: progress, program: program, texts: texts, strings: catalog.strings(for: locale),
                                   userName: "Аня", day: program.durationDays)
        let manifesto = try #require(texts.stages["manifesto"]?.manifesto)
        let html = ManifestoText(filler: filler).html(template: manifesto.template, fewAnswers: manifesto.templateFewAnswers)
        #expect(try TelegramHTML.parsedLength(of: html) <= TelegramHTML.messageLimit)
        #expect(!html.contains("{") && !html.contains("\n\n\n") && !html.hasSuffix("\n"), "\(html)")
        return html
    }

    @Test func everyAnswerIsQuotedInsideASentenceWithoutADoubledFullStop() throws {
        let html = try manifesto(locale: "ru", wish: "Просыпаться без спешки.", answers: [
            "planting.intention": "Усталость и любопытство.", "sprouts.notice": "корешки закрутились\nспиралью",
            "harvest.thanks": "себе — за утренний полив", "final.growing": "умение ждать без тревоги",
        ], choices: ["final.next-round": "sow-again"])
        #expect(html.contains("Моё желание звучало так: «Просыпаться без спешки»."))
        #expect(html.contains("«Усталость и любопытство»."))
        #expect(html.contains("«корешки закрутились спиралью»."), "an answer's line break stays inside its quote")
        #expect(html.contains("Следующий шаг — посеять снова."), "a button label reads in lower case mid-sentence")
        #expect(html.contains("По дороге мне открывалось малое."))
        #expect(!html.contains(":</b>"), "no form-like labels")
    }

    @Test func aParagraphWhoseQuotesWereSkippedGoesWithItsConnectingLine() throws {
        let html = try manifesto(locale: "ru", wish: "Отдыхать", answers: ["final.growing": "спокойствие"])
        #expect(html.contains("«Отдыхать»") && html.contains("«спокойствие»"))
        #expect(!html.contains("По дороге"), "the connecting line goes with the quotes it connected")
        #expect(!html.contains("В первый день"))
        let en = try manifesto(locale: "en", wish: "Rest", answers: ["final.growing": "calm"])
        #expect(!en.contains("Along the way") && en.contains("“calm”"))
    }

    @Test(arguments: ["ru", "en"])
    func aUserWhoSkippedMostQuestionsGetsTheShorterTextThatReadsWhole(locale: String) throws {
        let none = try manifesto(locale: locale)
        let fixed = locale == "ru" ? "Не всё нужно говорить словами." : "Not everything needs words."
        #expect(none.contains(fixed))
        #expect(!none.contains("«") && !none.contains("“"))
        let wishOnly = try manifesto(locale: locale, wish: "Rest more")
        #expect(wishOnly.contains(fixed) && wishOnly.contains("Rest more"))
        let two = try manifesto(locale: locale, wish: "Rest more", answers: ["final.growing": "calm"])
        #expect(!two.contains(fixed), "two of the user's words make the full text")
    }

    @Test(arguments: ["ru", "en"])
    func basilUsesTheSameRules(locale: String) throws {
        let none = try manifesto(locale: locale, kit: "basil")
        #expect(!none.contains("«") && !none.contains("“"))
        let full = try manifesto(locale: locale, kit: "basil", wish: "w", answers: ["sprouts.notice": "n", "final.growing": "g"])
        #expect(full.contains(locale == "ru" ? "«n»" : "“n”"))
    }

    @Test(arguments: ["ru", "en"])
    func theCardKeepsTheTitleTheWordsGivenAndShortQuotes(locale: String) throws {
        let catalog = try Fixtures.loadReal()
        let program = try #require(catalog.program(id: "microgreens"))
        let texts = try #require(program.texts[locale])
        var progress = UserProgress(program: program, kitCode: nil, locale: locale, now: Journey.monday)
        progress.wish = "Тишину по утрам."
        progress.answers = ["final.growing": String(repeating: "терпение ", count: 40)]
        let filler = ContentFiller(progress: progress, program: program, texts: texts, strings: catalog.strings(for: locale),
                                   userName: "Аня", day: program.durationDays)
        let card = try #require(texts.stages["manifesto"]?.manifesto?.card)
        let lines = try #require(ManifestoText(filler: filler).cardLines(card))
        // the title first, the wish quoted, the skipped reflection's line gone, the long answer cut
        #expect(lines.first == (locale == "ru" ? "Мой манифест предвкушения" : "My anticipation manifesto"))
        #expect(lines.contains { $0.contains("Тишину по утрам") && !$0.contains("утрам.") }, "\(lines)")
        #expect(lines.count == 4, "\(lines)")
        #expect(!lines.contains { $0.contains("{") || $0.contains("<") })
        let growing = try #require(lines.first { $0.contains("терпение") })
        #expect(growing.count < 130, "\(growing)")
    }

    @Test func theManifestoDoesNotSayTheSameLeadThreeTimes() throws {
        let catalog = try Fixtures.loadReal()
        for kit in ["microgreens", "basil"] {
            for (locale, lead) in [("ru", "я жду"), ("en", "looking forward to")] {
                let template = try #require(catalog.program(id: kit)?.texts[locale]?.stages["manifesto"]?.manifesto?.template)
                let lines = template.lowercased().split(separator: "\n").filter { $0.contains(lead) }
                #expect(lines.count <= 1, "\(kit) \(locale): \(lines)")
            }
        }
    }

    @Test func russianTextsAvoidGenderedPastTenseAboutTheUser() throws {
        let catalog = try Fixtures.loadReal()
        for kit in ["microgreens", "basil"] {
            let manifesto = try #require(catalog.program(id: kit)?.texts["ru"]?.stages["manifesto"]?.manifesto)
            for text in [manifesto.template, manifesto.templateFewAnswers ?? ""] {
                // "(а)" forms and first-person masculine past tense ("я посеял") would exclude half the readers
                #expect(!text.contains("(а)") && text.range(of: #"[Яя] [а-яё]+л\b"#, options: .regularExpression) == nil, "\(text)")
            }
        }
    }
}

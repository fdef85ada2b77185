import Foundation
import Testing
@testable import Program

@Suite struct ContentCheckTests {
    @Test func theValidFixtureLoads() throws {
        let catalog = try Fixtures.loadValid()
        #expect(catalog.programs.map(\.id) == ["mini", "tiny"])
        let tiny = try #require(catalog.program(id: "tiny"))
        #expect(tiny.stages.map(\.id) == ["plant", "sprout", "leaves", "final", "manifesto"])
        #expect(tiny.stages[0].steps.map(\.kind) == [.practice, .question, .wish, .choice, .practice])
        #expect(tiny.themes?.paceOrder == ["standard", "gentle"])
    }

    @Test func kitCodesPickProgramsByPrefixAndUnknownOnesFallBack() throws {
        let catalog = try Fixtures.loadValid()
        #expect(catalog.program(forKitCode: "mn-123").program.id == "mini")
        #expect(catalog.program(forKitCode: "MN_7").recognized)
        let unknown = catalog.program(forKitCode: "zz-1")
        #expect(unknown.program.id == "tiny" && !unknown.recognized)
        #expect(catalog.program(forKitCode: nil).program.id == "tiny")
        #expect(catalog.program(forKitCode: "").recognized == false)
    }

    private func expectProblem(_ problems: [ContentProblem], file: String, path: String, _ fragment: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let match = problems.contains { $0.file == file && $0.jsonPath == path && $0.message.contains(fragment) }
        #expect(match, "expected \(file): \(path): …\(fragment)… among:\n\(problems.map(\.description).joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    @Test func aDuplicateStepIdIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#"{ "id": "closing", "kind": "practice" }"#, with: #"{ "id": "prepare", "kind": "practice" }"#)
        }
        expectProblem(problems, file: "programs/tiny/program.json", path: "$.stages[0].steps[4]", "duplicate step id \"prepare\"")
    }

    @Test func aDuplicateKeyInALocaleFileIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/ru.json") {
            $0.replacingOnce(#""title": "Крошка","#, with: #""title": "Крошка", "title": "Ещё","#)
        }
        expectProblem(problems, file: "programs/tiny/ru.json", path: "$.title", "duplicate key")
    }

    @Test func aStepMissingInOneLocaleIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""sit": {"#, with: #""sat": {"#)
        }
        expectProblem(problems, file: "programs/tiny/en.json", path: "$.stages.final.steps", "missing texts for step \"sit\"")
        expectProblem(problems, file: "programs/tiny/en.json", path: "$.stages.final.steps.sat", "which program.json does not define")
    }

    @Test func aDanglingMenuReferenceIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#""menu": "recipes""#, with: #""menu": "dishes""#)
        }
        expectProblem(problems, file: "programs/tiny/program.json", path: "$.stages[1].steps[1]", "menu \"dishes\" is not defined")
    }

    @Test func anUnresolvableAnswerPlaceholderIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/ru.json") {
            $0.replacingOnce("{answer:plant.intention}", with: "{answer:plant.nothing}")
        }
        expectProblem(problems, file: "programs/tiny/ru.json", path: "$.stages.sprout.steps.look.text", "refers to no step")
    }

    @Test func anAnswerPlaceholderBeforeTheQuestionIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/ru.json") {
            $0.replacingOnce("Положи ладонь на коврик.", with: "Ты ответил {answer:plant.intention}")
        }
        expectProblem(problems, file: "programs/tiny/ru.json", path: "$.stages.plant.steps.prepare.text", "not reached yet")
    }

    @Test func textTooLongAfterHTMLParsingIsReported() throws {
        // 3,400 visible characters wrapped in many tags: the raw text is long, the parsed one too.
        let long = String(repeating: "<b>ж</b>", count: 3_600)
        let problems = try Fixtures.problems("programs/tiny/ru.json") {
            $0.replacingOnce("Посиди минуту.", with: long)
        }
        expectProblem(problems, file: "programs/tiny/ru.json", path: "$.stages.final.steps.sit.text", "3600 UTF-16 units after HTML parsing")
    }

    @Test func tagsDoNotCountTowardsTheLimit() throws {
        // 400 visible characters in 6,000 raw ones: within Telegram's limit and a practice's.
        let tagged = String(repeating: "<b><i>ж</i></b>", count: 400)
        let copy = try Fixtures.broken("programs/tiny/ru.json") { $0.replacingOnce("Посиди минуту.", with: tagged) }
        defer { try? FileManager.default.removeItem(at: copy) }
        _ = try ProgramCatalog.load(from: copy.appendingPathComponent("programs"), uiStrings: copy.appendingPathComponent("locales"))
    }

    @Test func badHTMLIsReportedWithItsPlace() throws {
        let problems = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce("Sit for a minute.", with: "Sit <b>for a minute.")
        }
        expectProblem(problems, file: "programs/tiny/en.json", path: "$.stages.final.steps.sit.text", "<b> is never closed")
    }

    @Test func aTooLongButtonLabelIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""label": "Toast""#, with: #""label": "Toast with butter and a lot of greens""#)
        }
        expectProblem(problems, file: "programs/tiny/en.json", path: "$.menus.recipes.items.toast.label", "the limit is 28")
    }

    @Test func aThemeLabelTooLongOnceTickedIsReported() throws {
        // 27 characters fit alone but not with the "✓ " the picker adds.
        let problems = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""label": "Calm""#, with: #""label": "Calm calm calm calm calm ca""#)
        }
        #expect(problems.contains { $0.file == "programs/tiny/program.json" && $0.message.contains("theme picker") && $0.message.contains("29 characters") },
                "\(problems)")
    }

    @Test func aPayloadTooLongIsReported() throws {
        // Ids of at most 24 characters keep every payload within 62 bytes, so the id rule already
        // prevents this; the payload check is the second line of defence and is tested directly
        // on a program built in memory with an over-long stage id.
        let tiny = try #require(try Fixtures.loadValid().program(id: "tiny"))
        let longID = String(repeating: "s", count: 60)
        func renamed(_ id: String) -> String { id == "sprout" ? longID : id }
        let stages = tiny.stages.map { Stage(id: renamed($0.id), day: $0.day, untilDay: $0.untilDay, kind: $0.kind) }
        let texts = tiny.texts.mapValues { texts in
            ProgramTexts(locale: texts.locale, title: texts.title, kitName: texts.kitName, welcome: texts.welcome,
                         stages: Dictionary(uniqueKeysWithValues: texts.stages.map { (renamed($0.key), $0.value) }),
                         themes: texts.themes, menus: texts.menus, choices: texts.choices)
        }
        let program = Program(id: tiny.id, formatVersion: 1, kitPrefixes: tiny.kitPrefixes, isFallback: true,
                              durationDays: tiny.durationDays, locales: tiny.locales, stages: stages, themes: tiny.themes,
                              menus: tiny.menus, choices: tiny.choices, texts: texts)
        let log = ProblemLog()
        let strings = try Fixtures.loadValid().strings(for: "en")
        ButtonRules.check(program, strings: strings, locale: "en", log: log, file: "programs/tiny/program.json")
        expectProblem(log.problems, file: "programs/tiny/program.json", path: "$", "\"p:mi:\(longID).1.toast\" is 52 bytes".replacingOccurrences(of: "52", with: "\(2 + "mi:\(longID).1.toast".utf8.count)"))
        #expect(log.problems.allSatisfy { $0.message.contains(longID) })
        #expect(!log.problems.isEmpty)
    }

    @Test func aWrongJSONTypeNamesThePath() throws {
        let problems = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#""day": 2"#, with: #""day": "two""#)
        }
        expectProblem(problems, file: "programs/tiny/program.json", path: "$.stages[1].day", "expected an integer, found a string")
    }

    @Test func invalidJSONSyntaxNamesLineAndColumn() throws {
        let problems = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#""durationDays": 6,"#, with: #""durationDays": 6,,"#)
        }
        expectProblem(problems, file: "programs/tiny/program.json", path: "$", "invalid JSON at line 7, column 21")
    }

    @Test func invalidUTF8InsideATextIsReportedNotReplaced() throws {
        // Given a title whose second byte is not UTF-8 (0xFF never is; a lenient decode makes it U+FFFD)
        let problems = try Fixtures.problems("programs/tiny/ru.json") { data in
            let title = Data("\"title\": \"Крошка\"".utf8)
            let range = try #require(data.range(of: title))
            data[range.lowerBound + 11] = 0xFF
        }
        expectProblem(problems, file: "programs/tiny/ru.json", path: "$", "invalid UTF-8 inside a string")
    }

    @Test func aTruncatedMultibyteCharacterIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/ru.json") { data in
            let title = Data("\"title\": \"Крошка\"".utf8)
            let range = try #require(data.range(of: title))
            // "К" is two bytes: keep the lead byte, drop the continuation
            data.remove(at: range.lowerBound + 11)
        }
        expectProblem(problems, file: "programs/tiny/ru.json", path: "$", "invalid UTF-8")
    }

    @Test func anOversizedContentFileIsRefusedWithoutBeingRead() throws {
        // Given a program.json grown to 64 MB (sparse: no disk used, and reading it would take seconds)
        let started = Date()
        let problems = try Fixtures.problems("programs/tiny/program.json", resize: 64 << 20)
        // Then it is refused with a sentence naming its size, at once
        expectProblem(problems, file: "programs/tiny/program.json", path: "$", "the file is 64 MB; content files may be at most 4 MB")
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func anUnknownKeyIsReportedAsAProbableTypo() throws {
        let problems = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""placeholder": "A few words.""#, with: #""placholder": "A few words.""#)
        }
        expectProblem(problems, file: "programs/tiny/en.json", path: "$.stages.plant.steps.intention.placholder", "unknown key")
    }

    @Test func aMissingUIStringIsReported() throws {
        let problems = try Fixtures.problems("locales/program.en.json") {
            $0.replacingOnce(#""skip": "Skip","#, with: "")
        }
        expectProblem(problems, file: "locales/program.en.json", path: "$", "missing required key \"skip\"")
    }

    @Test func aUIStringWithAnUnavailablePlaceholderIsReported() throws {
        let problems = try Fixtures.problems("locales/program.ru.json") {
            $0.replacingOnce("Этап «{stage}» пройден ✓", with: "Этап «{stage}» пройден, {name} ✓")
        }
        expectProblem(problems, file: "locales/program.ru.json", path: "$.stageDone", "placeholder {name} is not available")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() throws {
        let problems = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce("Sit for a minute.", with: "Sit & rest").replacingOnce(#""label": "Rest""#, with: #""label": 7"#)
        }
        expectProblem(problems, file: "programs/tiny/en.json", path: "$.stages.final.steps.sit.text", "bare '&'")
        expectProblem(problems, file: "programs/tiny/en.json", path: "$.menus.wishes.items.rest.label", "expected a string, found a number")
    }

    @Test func twoFallbackProgramsAreReported() throws {
        let problems = try Fixtures.problems("programs/mini/program.json") {
            $0.replacingOnce(#""fallback": false"#, with: #""fallback": true"#)
        }
        #expect(problems.contains { $0.message.contains("exactly one program must have \"fallback\": true") })
    }

    @Test func aSingleProgramFolderCanBeChecked() throws {
        let catalog = try ProgramCatalog.load(programDirectory: Fixtures.valid.appendingPathComponent("programs/mini"),
                                              uiStrings: Fixtures.valid.appendingPathComponent("locales"))
        #expect(catalog.programs.map(\.id) == ["mini"])
    }

    @Test func theShippedUIStringsMatchTheFixtureCopies() throws {
        // The fixture carries a copy of assets/locales so tests do not depend on the working directory;
        // this keeps the copy honest.
        for locale in ["ru", "en"] {
            let shipped = try String(contentsOf: Fixtures.realLocales.appendingPathComponent("program.\(locale).json"), encoding: .utf8)
            let copy = try String(contentsOf: Fixtures.valid.appendingPathComponent("locales/program.\(locale).json"), encoding: .utf8)
            #expect(shipped == copy, "Tests/ProgramTests/Fixtures/valid/locales/program.\(locale).json is out of date")
        }
    }
}

/// The content check's rules for branches, micro-practices and silence.
@Suite struct ContentCheckBranchAndRhythmTests {
    func expectProblem(_ problems: [ContentProblem], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(problems.contains { $0.message.contains(fragment) }, "…\(fragment)… among:\n\(problems.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    @Test func aBranchOnAnOptionTheChoiceDoesNotHaveCanNeverBeReached() throws {
        let problems = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#"{ "id": "closing", "kind": "practice" }"#,
                             with: #"{ "id": "closing", "kind": "practice", "when": { "pick": ["leaves"] } }"#)
        }
        expectProblem(problems, "\"leaves\" is not an option of choice \"pick\"")
    }

    @Test func aBranchBeforeItsChoiceOrOnTheFirstStepIsReported() throws {
        let before = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#"{ "id": "intention", "kind": "question" }"#,
                             with: #"{ "id": "intention", "kind": "question", "when": { "pick": ["seeds"] } }"#)
        }
        expectProblem(before, "comes before its choice")
        let first = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#"{ "id": "prepare", "kind": "practice" }"#,
                             with: #"{ "id": "prepare", "kind": "practice", "when": { "pick": ["seeds"] } }"#)
        }
        expectProblem(first, "the first step of a stage cannot be a branch")
        let empty = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#"{ "id": "closing", "kind": "practice" }"#,
                             with: #"{ "id": "closing", "kind": "practice", "when": { "pick": [] } }"#)
        }
        expectProblem(empty, "can never be reached")
    }

    @Test func aMicroPracticeOnAStagesDayAndAGapOverTheKitsSilenceAreReported() throws {
        let micro = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#""menus": {"#, with: #""micro": [{ "id": "mist", "day": 2 }], "menus": {"#)
        }
        expectProblem(micro, "belongs to stage \"sprout\"")
        let silence = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#""durationDays": 6,"#, with: #""durationDays": 6, "maxSilenceDays": 0,"#)
        }
        expectProblem(silence, "days 1–1 pass without a message")
    }

    @Test func aManifestoCardTooLongOrWithMarkupAndABadKitColourAreReported() throws {
        let long = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""template": ""#, with: #""card": "Title\n{wish}\n{wish} and {wish}\n<b>bold</b>\n1\n2\n3", "template": ""#)
        }
        expectProblem(long, "the card has 7 lines")
        expectProblem(long, "the card is drawn as plain text")
        let wordy = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""template": ""#, with: #""card": "Title\n\#(String(repeating: "word ", count: 90))", "template": ""#)
        }
        expectProblem(wordy, "keep it under 420")
        let colour = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#""durationDays": 6,"#, with: ##""durationDays": 6, "colours": { "paper": "#FFF", "ink": "#000000", "accent": "#00AA00" },"##)
        }
        expectProblem(colour, "a colour is written #RRGGBB")
    }

    @Test func aPracticeLongerThanAPhoneScreenAndARecipeRepeatingItsTitleAreReported() throws {
        let long = String(repeating: "Breathe and look. ", count: 30)
        let step = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Put your palm on the mat.""#, with: #""text": "\#(long)""#)
        }
        expectProblem(step, "keep it under 500")
        let theme = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Practice calm.""#, with: #""text": "\#(long)""#)
        }
        expectProblem(theme, "keep it under 500")
        let recipe = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Rest &amp; breathe""#, with: #""text": "<b>Rest</b>: breathe""#)
        }
        expectProblem(recipe, "start the text without a bold title")
    }

    @Test func threeBoldLinesInARowWithTheHeaderAndALongWelcomeOrIntroAreReported() throws {
        let lead = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Put your palm on the mat.""#, with: #""text": "<b>Hands first.</b> Put your palm on the mat.""#)
        }
        #expect(lead.isEmpty, "the stage line is plain, so title and lead make two: \(lead)")
        let heavyHeader = try Fixtures.problems("locales/program.en.json") {
            $0.replacingOnce(#""stepHeader": "{stage} · step"#, with: #""stepHeader": "<b>{stage}</b> · step"#)
        }
        #expect(heavyHeader.isEmpty, "texts without a bold lead still make two: \(heavyHeader)")
        // Both: a bold stage line, the title and a bold lead
        let copy = try Fixtures.broken("locales/program.en.json") {
            $0.replacingOnce(#""stepHeader": "{stage} · step"#, with: #""stepHeader": "<b>{stage}</b> · step"#)
        }
        defer { try? FileManager.default.removeItem(at: copy) }
        let texts = copy.appendingPathComponent("programs/tiny/en.json")
        try String(contentsOf: texts, encoding: .utf8)
            .replacingOnce(#""text": "Put your palm on the mat.""#, with: #""text": "<b>Hands first.</b> Put your palm on the mat.""#)
            .write(to: texts, atomically: true, encoding: .utf8)
        var both: [ContentProblem] = []
        do {
            _ = try ProgramCatalog.load(from: copy.appendingPathComponent("programs"), uiStrings: copy.appendingPathComponent("locales"))
        } catch {
            both = error.problems
        }
        expectProblem(both, "opens 3 lines in a row in bold")
        let long = String(repeating: "Welcome and look around. ", count: 22)
        let welcome = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""welcome": "<b>Hello, {name}!</b> This is a tiny program.""#, with: #""welcome": "\#(long)""#)
        }
        expectProblem(welcome, "the welcome is 550 characters; keep it under 300")
        let chatty = String(repeating: "Welcome. ", count: 35)
        let overShort = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""welcome": "<b>Hello, {name}!</b> This is a tiny program.""#, with: #""welcome": "\#(chatty)""#)
        }
        expectProblem(overShort, "keep it under 300 (the first message")
        let intro = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""intro": "One theme a day now.""#, with: #""intro": "\#(long)""#)
        }
        expectProblem(intro, "the stage's intro is 550 characters; keep it under 500")
    }

    @Test func aBoldLeadUnderABoldStageLineAndTitleIsReported() {
        #expect(BoldLineRules.longestRun("<b>Planting</b> · step 1 of 5\n<b>Preparing</b>\n\n<b>Hands first.</b> Wash.") == 3)
        #expect(BoldLineRules.longestRun("Planting · step 1 of 5\n<b>Preparing</b>\n\n<b>Hands first.</b> Wash.") == 2)
        #expect(BoldLineRules.longestRun("<b>A</b>\nplain\n<b>B</b>") == 1)
        #expect(BoldLineRules.repeatsTitle("<b>Что дальше.</b> Закрой глаза.", "Что дальше"))
        #expect(BoldLineRules.repeatsTitle("<b>Fluff or mould?</b> Root hairs…", "Fluff or mould"))
        #expect(!BoldLineRules.repeatsTitle("<b>Вспомни первый день.</b> Закрой глаза.", "Что дальше"))
        #expect(!BoldLineRules.repeatsTitle("Что дальше. Закрой глаза.", "Что дальше"))
    }

    @Test func aBoldLeadRepeatingTheStepsTitleIsReported() throws {
        let problems = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Put your palm on the mat.""#, with: #""text": "<b>Preparing.</b> Put your palm on the mat.""#)
        }
        expectProblem(problems, "the bold lead repeats the title \"Preparing\"")
    }

    @Test func aNarrationShorterThanTheTimeItsTextNamesIsReported() throws {
        let short = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Sit for a minute.""#, with: #""text": "Sit for a minute.", "narration": "Sit. {pause:5}""#)
        }
        expectProblem(short, "the text names \"a minute\" but the narration pauses for 5 s")
        let enough = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Sit for a minute.""#, with: #""text": "Sit for a minute.", "narration": "Sit. {pause:50}""#)
        }
        #expect(enough.isEmpty, "\(enough)")
    }

    /// A stage's steps make one practice for a listener: their recordings together are held to
    /// ten minutes, estimated at the voice's pace in the file's language.
    @Test func aStageWhoseNarratedStepsLastOverTenMinutesIsReported() throws {
        let long = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Sit for a minute.""#, with: #""text": "Sit for a minute.", "narration": "Sit. {pause:600}""#)
        }
        expectProblem(long, "the stage's narrated steps last about")
        expectProblem(long, "a practice is at most 10 minutes")
        let fits = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""text": "Sit for a minute.""#, with: #""text": "Sit for a minute.", "narration": "Sit. {pause:500}""#)
        }
        #expect(fits.isEmpty, "\(fits)")
    }

    /// The shipped kits' stages and welcomes keep to the bounds in both languages (the microgreens
    /// final practice was 10:52 in Russian and 11:34 in English when rendered).
    @Test func theShippedStagesLastAtMostTenMinutesAndTheWelcomesAreShort() throws {
        guard Fixtures.hasRealContent else { return }
        let catalog = try Fixtures.loadReal()
        for program in catalog.programs {
            for (locale, texts) in program.texts {
                #expect(try TelegramHTML.parsedLength(of: texts.welcome) < TextRules.welcomeLimit, "\(program.id) \(locale)")
                for stage in program.stages {
                    let rate = Narration.wordsPerMinute(for: locale)
                    let seconds = stage.steps.filter { $0.kind != .menu }.compactMap { step in texts.stages[stage.id]?.steps[step.id] }
                        .map { ($0.narration.flatMap { try? Narration.parse(script: $0) } ?? Narration.fromScreenText($0.text)).estimatedSeconds(wordsPerMinute: rate) }
                        .reduce(0, +)
                    #expect(seconds <= Narration.stageSeconds, "\(program.id) \(locale) \(stage.id): \(Int(seconds)) s")
                }
            }
        }
    }

    @Test func onlyTheFirstPaceMustHaveADayForEveryChoosableTheme() throws {
        // A gentler pace may bring fewer themes, further apart
        let gentle = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#""gentle": [4, 5]"#, with: #""gentle": [5]"#)
        }
        #expect(gentle.isEmpty, "\(gentle)")
        let standard = try Fixtures.problems("programs/tiny/program.json") {
            $0.replacingOnce(#""standard": [3, 5]"#, with: #""standard": [3]"#)
        }
        expectProblem(standard, "pace \"standard\" has 1 days but up to")
    }

    @Test func aReflectionPlaceholderMustNameSomethingThatAsks() throws {
        let problems = try Fixtures.problems("programs/tiny/en.json") {
            $0.replacingOnce(#""template": ""#, with: #""template": "{reflection:nothing} "#)
        }
        expectProblem(problems, "{reflection:nothing} names no theme or micro-practice")
    }
}

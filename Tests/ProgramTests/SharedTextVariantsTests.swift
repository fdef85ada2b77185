import Foundation
import Testing
@testable import Program

/// The texts every kit shares (`assets/locales`) carry variants like a program's texts: the
/// engine's strings (`engine:KEY`, a button label such as Continue) and the bot's own texts
/// (`bot:KEY`, a nudge), declared by a program's experiment and checked by the same rules.
@Suite struct SharedTextVariantsTests {
    static func declaration(_ texts: [String]) -> String {
        #"  "experiments": [ { "id": "shared", "texts": ["# + texts.map { "\"\($0)\"" }.joined(separator: ", ")
            + #"], "variants": {"a": 1, "b": 1}, "metric": "day-7" } ],"#
    }

    /// The valid fixture with the experiment declared, the engine's Continue label varied as
    /// given, and bot files holding a nudge (`bot` is its ru variant b; nil: no bot files).
    static func folder(texts: [String] = ["engine:continueButton", "bot:reminder_nudge_2"],
                       continueB: String = "Дальше", nudgeB: String? = "<b>Привет</b>, {name}! Загляни к росткам.") throws -> URL {
        let folder = try Fixtures.editing([
            "programs/tiny/program.json": { $0.replacingOnce(#"  "stages": ["#, with: declaration(texts) + "\n" + #"  "stages": ["#) },
            "locales/program.ru.json": {
                $0.replacingOnce(#""continueButton": "Продолжить""#,
                                 with: #""continueButton": {"variants": {"a": "Продолжить", "b": "# + VariantRulesEveryRuleTests.json(continueB) + "}}")
            },
            "locales/program.en.json": {
                $0.replacingOnce(#""continueButton": "Continue""#, with: #""continueButton": {"variants": {"a": "Continue", "b": "Go on"}}"#)
            },
        ])
        if let nudgeB {
            let locales = folder.appendingPathComponent("locales")
            try (#"{"reminder_nudge_2": {"variants": {"a": "Привет, {name}. Как ростки?", "b": "# + VariantRulesEveryRuleTests.json(nudgeB)
                + #"}}, "reminder_continue_button": "Продолжить"}"#).write(to: locales.appendingPathComponent("bot.ru.json"), atomically: true, encoding: .utf8)
            try #"{"reminder_nudge_2": {"variants": {"a": "Hi {name}. How are the sprouts?", "b": "Hi {name}! Have a look."}}, "reminder_continue_button": "Continue"}"#
                .write(to: locales.appendingPathComponent("bot.en.json"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static func load(_ folder: URL) throws -> ProgramCatalog {
        try ProgramCatalog.load(from: folder.appendingPathComponent("programs"), uiStrings: folder.appendingPathComponent("locales"))
    }

    @Test func anEngineButtonLabelAndANudgeCarryVariants() throws {
        let catalog = try Self.load(try Self.folder())
        #expect(catalog.strings(for: "ru")[.continueButton] == "Продолжить")
        let b = catalog.showing(VariantSelection(["shared": "b"]))
        #expect(b.strings(for: "ru")[.continueButton] == "Дальше" && b.strings(for: "en")[.continueButton] == "Go on")
        #expect(catalog.showing(VariantSelection(["shared": "a"])).strings(for: "ru")[.continueButton] == "Продолжить")
        let nudge = try #require(catalog.sharedVariants.bot.first)
        #expect(nudge.key == "reminder_nudge_2" && nudge.experimentID == "shared" && nudge.control == "a")
        #expect(nudge.texts["ru"]?["b"] == "<b>Привет</b>, {name}! Загляни к росткам.")
        #expect(catalog.sharedVariants.bot.count == 1)
    }

    @Test func anEngineLabelVariantMeetsTheLabelRulesAndTheKeyboardRules() throws {
        let long = "Продолжить путь к росткам дальше"
        let problems = ExperimentContentTests.problems(try Self.folder(continueB: long))
        let label = problems.filter { $0.file == "locales/program.ru.json" && $0.jsonPath == "$.continueButton" }
        #expect(label.count == 1 && label[0].message.hasPrefix("[variant shared=b] button label is 32 characters"), "\(problems)")
        #expect(problems.contains { $0.file == "programs/tiny/program.json" && $0.message.hasPrefix("[variant shared=b] [ru]")
                && $0.message.contains(long) }, "\(problems)")
    }

    @Test func aNudgeVariantIsCheckedAsTheBotSendsIt() throws {
        let problems = ExperimentContentTests.problems(try Self.folder(nudgeB: "<b>Привет, {name}! Загляни к росткам."))
        #expect(problems.contains { $0.file == "locales/bot.ru.json" && $0.jsonPath == "$.reminder_nudge_2.variants.b" }, "\(problems)")
        let placeholders = ExperimentContentTests.problems(try Self.folder(nudgeB: "Привет! Загляни к росткам."))
        #expect(placeholders.contains { $0.file == "locales/bot.ru.json" && $0.message.contains("variant \"b\" differs in structure") },
                "\(placeholders)")
    }

    @Test func sharedVariantsNeedAnOwnerAndAnOwnerNeedsThem() throws {
        let unowned = ExperimentContentTests.problems(try Self.folder(texts: ["engine:continueButton"]))
        #expect(unowned.contains { $0.file == "locales/bot.ru.json" && $0.message.contains("list \"bot:reminder_nudge_2\"") }, "\(unowned)")
        let missing = ExperimentContentTests.problems(try Self.folder(texts: ["engine:continueButton", "bot:reminder_nudge_2"], nudgeB: nil))
        #expect(missing.contains { $0.file == "locales/bot.ru.json" && $0.message.contains("missing") }, "\(missing)")
        let typo = ExperimentContentTests.problems(try Self.folder(texts: ["engine:continueButton", "bots:reminder_nudge_2"]))
        #expect(typo.contains { $0.file == "programs/tiny/program.json" && $0.message.contains("\"bots:reminder_nudge_2\": a text of the shared") },
                "\(typo)")
    }
}

import Foundation
import Program
import Testing
import TestSupport
@testable import Bot

/// A nudge (the bot's own text) carries variants and records its exposure when sent; a listener
/// of an experiment covering a narrated practice hears the control's recording, so they see the
/// control's texts and are kept out of its analysis.
@Suite struct SharedVariantsAndListenersTests {
    static let mark = "🌱 "
    static let start = instant("2026-03-02T06:00:00Z")

    /// Real assets with one experiment over the 2-day nudge and one over the day-2 reminder and
    /// the first sprouts step (a narrated practice); b of each starts with `mark`.
    static func world() throws -> (ReminderWorld, ProgramCatalog) {
        let assets = try VariantAssets.copy(of: assetsDirectory)
        try VariantAssets.declare(#"{ "id": "nudge", "texts": ["bot:reminder_nudge_2"], "variants": {"a": 1, "b": 1}, "metric": "day-7" }, "#
                                  + #"{ "id": "sprouts", "texts": ["stages.sprouts.unlock", "stages.sprouts.steps.lift-lid.text"], "variants": {"a": 1, "b": 1}, "metric": "next-step" }"#,
                                  program: "microgreens", in: assets)
        for locale in ["ru", "en"] {
            try VariantAssets.vary(assets.appendingPathComponent("locales/bot.\(locale).json"), key: "reminder_nudge_2", mark: mark)
            let program = assets.appendingPathComponent("programs/microgreens/\(locale).json")
            try VariantAssets.vary(program, after: [#""sprouts": {"#], key: "unlock", mark: mark)
            try VariantAssets.vary(program, after: [#""lift-lid": {"#], key: "text", mark: mark)
        }
        let catalog = try ProgramCatalog.load(from: assets.appendingPathComponent("programs"), uiStrings: assets.appendingPathComponent("locales"))
        let strings = try BotStrings.load(from: assets.appendingPathComponent("locales"), variants: catalog.sharedVariants.bot)
        return (ReminderWorld(engine: ProgramEngine(catalog: catalog), strings: strings), catalog)
    }

    static func running(_ catalog: ProgramCatalog) -> ExperimentBoard {
        ExperimentBoard(experiments: catalog.experiments,
                        decisions: catalog.experiments.map { ExperimentDecision(experimentID: $0.id, status: .running, changedAt: start) },
                        overrides: [], adminIDs: [])
    }

    /// A planted user (id chosen so `experiment` gives them `variant`).
    static func user(_ world: ReminderWorld, _ catalog: ProgramCatalog, in experiment: String, gets variant: String,
                     listens: Bool = false) throws -> UserRecord {
        let owner = try #require(catalog.experiment(id: experiment))
        let id = try #require((Int64(1000)...Int64(1100)).first { VariantAssignment.variant(of: $0, in: owner) == variant })
        var user = world.startedUser(id, zone: "Europe/Moscow", at: start)
        if listens { user.narration = "audio" }
        return user
    }

    @Test func aBotTextWithVariantsShowsTheControlUnlessAVariantIsShown() throws {
        let (world, _) = try Self.world()
        let control = world.strings.text("reminder_nudge_2", "ru", ["name": "Аня"])
        #expect(!control.hasPrefix(Self.mark) && control.contains("Аня"))
        #expect(world.strings.showing(VariantSelection(["nudge": "b"])).text("reminder_nudge_2", "en", ["name": "Ann"]).hasPrefix(Self.mark + "Hi Ann"))
        #expect(world.strings.showing(VariantSelection(["nudge": "a"])).text("reminder_nudge_2", "ru", ["name": "Аня"]) == control)
        #expect(world.strings.showing(VariantSelection(["other": "b"])).text("reminder_nudge_2", "ru", ["name": "Аня"]) == control)
    }

    @Test func botTextVariantsNoExperimentCoversAreRefusedAtLoad() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"a": {"variants": {"a": "А", "b": "Б"}}}"#.write(to: folder.appendingPathComponent("bot.ru.json"), atomically: true, encoding: .utf8)
        #expect { try BotStrings.load(from: folder) } throws: { "\($0)".contains("\"a\" has variants no experiment covers") }
    }

    @Test func aNudgeShowsTheUsersVariantAndRecordsTheExposureWithIt() throws {
        let (world, catalog) = try Self.world()
        for variant in ["a", "b"] {
            let user = try Self.user(world, catalog, in: "nudge", gets: variant)
            let progress = try #require(world.progress(of: user))
            let nudge = try #require(world.planner.nudges(for: user, progress: progress).first { $0.slot == 2 })
            let sent = world.dispatcher().dispatch([DueJob(id: 1, job: nudge)], user: user, now: nudge.dueAt, experiments: Self.running(catalog))
            let text = try #require(sent.messages.first?.actions.first.flatMap { action -> String? in
                if case .message(let text, _) = action { return text } else { return nil }
            })
            #expect(text.hasPrefix(Self.mark) == (variant == "b"), "\(variant): \(text)")
            #expect(sent.events == [ExposureEvent.make(experimentID: "nudge", programID: "microgreens", variant: variant)])
        }
    }

    @Test func aListenerGetsTheControlOfANarratedExperimentAndIsKeptOutOfIt() throws {
        let (world, catalog) = try Self.world()
        let reader = try Self.user(world, catalog, in: "sprouts", gets: "b")
        #expect(try #require(catalog.experiment(id: "sprouts")).coversNarratedTexts)
        #expect(try #require(catalog.experiment(id: "nudge")).coversNarratedTexts == false)
        // Listeners of a and of b alike, so the exclusion takes nobody from one side only
        for (user, listens, variant) in [(reader, false, "b"),
                                         (try Self.user(world, catalog, in: "sprouts", gets: "b", listens: true), true, "b"),
                                         (try Self.user(world, catalog, in: "sprouts", gets: "a", listens: true), true, "a")] {
            let progress = try #require(world.progress(of: user))
            let unlock = try #require(world.planner.unlockReminders(for: user, progress: progress).first { $0.stageID == "sprouts" })
            let sent = world.dispatcher().dispatch([DueJob(id: 1, job: unlock)], user: user, now: unlock.dueAt, experiments: Self.running(catalog))
            guard case .message(let text, _) = sent.messages.first?.actions.first else { Issue.record("no reminder"); continue }
            // The reader reads b and is exposed to it; the listener gets a's text and is kept out
            #expect(text.hasPrefix(Self.mark) == !listens, "\(text.prefix(20))")
            let event = listens ? ExposureEvent.keptOut(experimentID: "sprouts", programID: "microgreens", variant: variant)
                : ExposureEvent.make(experimentID: "sprouts", programID: "microgreens", variant: variant)
            #expect(sent.events == [event])
        }
    }
}

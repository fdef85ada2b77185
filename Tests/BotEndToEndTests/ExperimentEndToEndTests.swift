import Foundation
import Program
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// An A/B test of the day-2 reminder through the real bot and the emulator, the clock moved to
/// the reminder: each user is shown only their variant, exposures are recorded with the
/// messages, and the report tells a real difference from none.
@Suite(.serialized) struct ExperimentEndToEndTests {
    static let experimentID = "day2-reminder"

    @Test func variantBsUsersContinueMoreOftenAndTheReportShowsBAheadAndSignificant() async throws {
        try await ExperimentRun.run(continues: { variant, index in index % 10 < (variant == "b" ? 8 : 3) }) { run in
            let report = try await run.report()
            #expect(report.verdict == .significant && report.leader == "b", "\(report)")
            let b = try #require(report.variants.first { $0.id == "b" }), a = try #require(report.variants.first { $0.id == "a" })
            #expect(b.value > a.value && a.exposed + b.exposed == ExperimentRun.users + 1) // and the template user
            #expect(report.comparisons.first.map { $0.low > 0 } == true)

            // The admin sees it in Telegram, and may preview a variant for themselves
            let overview = try await run.adminSays("/admin")
            let shown = overview.text ?? ""
            #expect(shown.contains(Self.experimentID) && shown.contains("b впереди"), "\(shown)")
            await run.bot.emulator.pressButton("adm:v:\(Self.experimentID):a", on: overview.messageID, from: run.admin)
            #expect(try await eventually { try await run.bot.runtime.database.experimentOverrides().count == 1 })
            #expect(try await run.bot.runtime.database.experimentOverrides()
                    == [ExperimentOverride(userID: run.admin.id, experimentID: Self.experimentID, variant: "a")])

            // Adopting b takes effect with the next reminders: the later group all get b, and no exposure is counted
            try await run.bot.runtime.database.recordExperimentDecision(
                ExperimentDecision(experimentID: Self.experimentID, status: .adopted, variant: "b", changedAt: run.clock.now()),
                actor: "telegram:\(run.admin.id)")
            let late = try await run.fireLateGroup()
            #expect(late.allSatisfy { $0.hasPrefix(ExperimentRun.bMark) }, "\(late)")
            #expect(try await run.report().variants.reduce(0) { $0 + $1.exposed } == ExperimentRun.users + 1)
        }
    }

    @Test func equalBehaviourShowsNoSignificantDifferenceAndStoppingShowsTheControl() async throws {
        try await ExperimentRun.run(continues: { _, index in index % 2 == 0 }) { run in
            let report = try await run.report()
            #expect(report.verdict == .notSignificant && report.leader == nil, "\(report)")
            #expect(report.comparisons.first?.significant == false)
            try await run.bot.runtime.database.recordExperimentDecision(
                ExperimentDecision(experimentID: Self.experimentID, status: .stopped, changedAt: run.clock.now()), actor: "cli")
            let late = try await run.fireLateGroup()
            #expect(!late.isEmpty && late.allSatisfy { !$0.hasPrefix(ExperimentRun.bMark) }, "\(late)")
        }
    }
}

/// One run: a template user plants, `users` clones of their record (and a later group with the
/// reminder at noon) wait for the day-2 reminder, which the clock then reaches.
struct ExperimentRun {
    static let users = 60
    static let lateUsers = 4
    /// Variant b's reminder starts with this (a copy of a's text otherwise: the same structure).
    static let bMark = "🌱 "

    let bot: BotHarness
    let clock: ShiftedClock
    let admin: SimulatedUser
    let experiment: Experiment
    let late: [SimulatedUser]

    static func run(continues: (String, Int) -> Bool, _ body: (ExperimentRun) async throws -> Void) async throws {
        let assets = try ExperimentAssets.make()
        let clock = ShiftedClock()
        let now = clock.now().timeIntervalSince1970
        let nineMoscow = 6 * 3600.0
        let today = now - now.truncatingRemainder(dividingBy: 86_400)
        clock.advance(by: (today + nineMoscow > now ? today + nineMoscow : today + 86_400 + nineMoscow) - now)
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let admin = await emulator.newUser(firstName: "Админ", languageCode: "ru")
        let bot = try await BotHarness.start(emulator: emulator, clock: clock, adminIDs: [admin.id],
                                             environment: ["SOGRETO_ASSETS_DIR": assets.path])
        do {
            let catalog = try ProgramCatalog.load(from: assets.appendingPathComponent("programs"),
                                                  uiStrings: assets.appendingPathComponent("locales"))
            let experiment = try #require(catalog.experiment(id: ExperimentEndToEndTests.experimentID))
            try await bot.runtime.database.recordExperimentDecision(
                ExperimentDecision(experimentID: experiment.id, status: .running, changedAt: clock.now()), actor: "cli")
            let template = await emulator.newUser(firstName: "Образец", languageCode: "ru")
            await emulator.sendText("/start", from: template)
            _ = try await bot.replies(to: template, count: 1)
            try await JourneyDays(bot: bot, clock: clock, user: template).completePlanting()
            try await bot.settle()
            let record = try #require(try await bot.runtime.database.user(template.id))
            var people: [SimulatedUser] = []
            for index in 0..<(users + lateUsers) {
                let person = await emulator.newUser(firstName: "Гость \(index)", languageCode: "ru")
                var clone = record
                clone.id = person.id
                clone.firstName = person.firstName
                if index >= users { clone.reminderMinute = 12 * 60 }
                try await bot.runtime.database.importUsers([clone], jobs: [], now: clock.now())
                try await bot.runtime.database.replanReminders(userID: person.id, now: clock.now())
                people.append(person)
            }
            let run = ExperimentRun(bot: bot, clock: clock, admin: admin, experiment: experiment, late: Array(people.suffix(lateUsers)))
            try await run.fireReminders(to: Array(people.prefix(users)), continues: continues)
            try await body(run)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    /// Moves the clock to the sprouts reminder, checks each user got their own variant with one
    /// exposure, and lets each press Continue when `continues` says so.
    func fireReminders(to people: [SimulatedUser], continues: (String, Int) -> Bool) async throws {
        let job = try #require(try await bot.runtime.database.jobs(userID: people[0].id).first { $0.job.kind == .unlock })
        #expect(job.job.stageID == "sprouts")
        clock.advance(by: job.job.dueAt.timeIntervalSince(clock.now()) + 1)
        for (index, person) in people.enumerated() {
            let reminder = try #require(try await bot.replies(to: person, count: 1).last)
            let variant = VariantAssignment.variant(of: person.id, in: experiment)
            // A variant's text reaches only its users
            let text = reminder.text ?? ""
            #expect(text.hasPrefix(Self.bMark) == (variant == "b"), "user \(index) in \(variant): \(text.prefix(30))")
            let exposures = try await bot.runtime.database.events(userID: person.id).filter { $0.kind == ExposureEvent.kind }
            #expect(exposures == [ExposureEvent.make(experimentID: experiment.id, programID: "microgreens", variant: variant)])
            if continues(variant, index) {
                await bot.emulator.pressButton("p:k", on: reminder.messageID, from: person)
            }
        }
        try await bot.settle()
    }

    /// Moves the clock to the later group's reminder (noon) and returns the texts they got.
    func fireLateGroup() async throws -> [String] {
        let job = try #require(try await bot.runtime.database.jobs(userID: late[0].id).first { $0.job.kind == .unlock && $0.state == "pending" })
        clock.advance(by: job.job.dueAt.timeIntervalSince(clock.now()) + 1)
        var texts: [String] = []
        for person in late {
            texts.append(try #require(try await bot.replies(to: person, count: 1).last).text ?? "")
            #expect(try await bot.runtime.database.events(userID: person.id).allSatisfy { $0.kind != ExposureEvent.kind })
        }
        return texts
    }

    func report() async throws -> ExperimentReport {
        try await bot.runtime.database.experimentReports([experiment])[0]
    }

    func adminSays(_ text: String) async throws -> BotMessage {
        let before = await bot.emulator.messages(in: admin.chatID).count
        await bot.emulator.sendText(text, from: admin)
        return try #require(try await bot.replies(to: admin, count: before + 1).last)
    }
}

/// A copy of the assets whose microgreens program declares the day-2 reminder experiment.
enum ExperimentAssets {
    static func make(samplePerVariant: Int = 15) throws -> URL {
        let manager = FileManager.default
        let source = repositoryRoot.appendingPathComponent("assets")
        let copy = manager.temporaryDirectory.appendingPathComponent("sogreto-ab-assets-\(UUID().uuidString)")
        try manager.createDirectory(at: copy, withIntermediateDirectories: true)
        for entry in try manager.contentsOfDirectory(atPath: source.path) where entry != "programs" {
            try manager.createSymbolicLink(at: copy.appendingPathComponent(entry), withDestinationURL: source.appendingPathComponent(entry))
        }
        try manager.copyItem(at: source.appendingPathComponent("programs"), to: copy.appendingPathComponent("programs"))
        let program = copy.appendingPathComponent("programs/microgreens")
        try edit(program.appendingPathComponent("program.json")) { text in
            let declaration = #""experiments": [ { "id": "\#(ExperimentEndToEndTests.experimentID)", "texts": ["stages.sprouts.unlock"], "variants": {"a": 1, "b": 1}, "metric": "next-step", "samplePerVariant": \#(samplePerVariant) } ],"#
            return text.replacingOccurrences(of: #""stages": ["#, with: declaration + "\n  " + #""stages": ["#)
        }
        for locale in ["ru", "en"] {
            try edit(program.appendingPathComponent("\(locale).json"), variants(ofSproutsUnlock:))
        }
        return copy
    }

    private static func edit(_ url: URL, _ change: (String) throws -> String) throws {
        try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    /// Wraps the sprouts stage's `unlock` string: a as it is, b with `ExperimentRun.bMark` in front.
    static func variants(ofSproutsUnlock text: String) throws -> String {
        let stage = try #require(text.range(of: #""sprouts": {"#))
        let key = try #require(text.range(of: #""unlock": ""#, range: stage.upperBound..<text.endIndex))
        let open = text.index(before: key.upperBound)
        var index = key.upperBound
        var escaped = false
        while index < text.endIndex {
            let character = text[index]
            if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { break }
            index = text.index(after: index)
        }
        let literal = String(text[open...index])
        let marked = "\"" + ExperimentRun.bMark + literal.dropFirst()
        return text.replacingCharacters(in: open...index, with: #"{"variants": {"a": "# + literal + #", "b": "# + marked + "}}")
    }
}


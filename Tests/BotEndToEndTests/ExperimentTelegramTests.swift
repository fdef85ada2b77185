import Foundation
import Program
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// Experiments from Telegram through the real bot and the emulator: an experiment on the welcome
/// and the engine's Continue label (texts every kit shares can carry variants too), started,
/// stopped and adopted by an admin with confirmation, previewed exactly as its users see it.
@Suite(.serialized) struct ExperimentTelegramTests {
    static let id = "welcome-test"
    static let mark = "🌿 "

    @Test func anAdminStartsStopsAndAdoptsFromTelegramAfterConfirmingAndOthersCannot() async throws {
        try await WelcomeExperiment.run { world in
            let bot = world.bot
            // Someone else: /experiments is an unknown command and a forged confirmation does nothing
            let stranger = await bot.emulator.newUser(firstName: "Гость", languageCode: "ru")
            let unknown = try await world.say("/experiments", from: stranger)
            #expect(unknown.text == world.strings.text("unknown_command", "ru"))
            await bot.emulator.pressButton("adm:xy:\(Self.id):run", on: unknown.messageID, from: stranger)
            try await bot.settle()
            #expect(try await bot.runtime.database.experimentDecisions().isEmpty)
            #expect(try await world.welcome(for: "b").hasPrefix(Self.mark) == false) // not started: the control

            // The admin: the list with its figures, the card, a question first, then the start
            let list = try await world.say("/experiments", from: world.admin)
            #expect((list.text ?? "").contains(Self.id) && (list.text ?? "").contains("не запущен"), "\(list.text ?? "")")
            #expect(list.buttons.joined().contains { $0.callbackData == "adm:x:\(Self.id)" })
            let card = try await world.press("adm:x:\(Self.id)", on: list, until: "Метрика: day-7")
            #expect(card.buttons.joined().compactMap(\.callbackData).contains("adm:xq:\(Self.id):run"))
            let question = try await world.press("adm:xq:\(Self.id):run", on: card, until: "Запустить \(Self.id)?")
            #expect(question.buttons.joined().compactMap(\.callbackData) == ["adm:xy:\(Self.id):run", "adm:x:\(Self.id)"])
            #expect(try await bot.runtime.database.experimentDecisions().isEmpty)
            let running = try await world.press("adm:xy:\(Self.id):run", on: question, until: "идёт")
            #expect(try await bot.runtime.database.experimentDecisions().map(\.status) == [.running])
            #expect(try await bot.runtime.database.auditLog(limit: 5).first.map { "\($0.action) \($0.actor)" }
                    == "experiment.start telegram:\(world.admin.id)")
            // At once: a new b user sees b (welcome and Continue label), an a user the control
            #expect(try await world.welcome(for: "b").hasPrefix(Self.mark))
            #expect(try await world.welcome(for: "a").hasPrefix(Self.mark) == false)

            // Stop: everyone sees the control from the next message
            let stopQuestion = try await world.press("adm:xq:\(Self.id):stop", on: running, until: "Остановить \(Self.id)?")
            let stopped = try await world.press("adm:xy:\(Self.id):stop", on: stopQuestion, until: "остановлен")
            #expect(try await bot.runtime.database.experimentDecisions().map(\.status) == [.stopped])
            #expect(try await world.welcome(for: "b").hasPrefix(Self.mark) == false)

            // Adopt b: everyone sees b, and no exposure is counted any more
            let adoptQuestion = try await world.press("adm:xq:\(Self.id):adopt:b", on: stopped, until: "Принять вариант b")
            _ = try await world.press("adm:xy:\(Self.id):adopt:b", on: adoptQuestion, until: "принят b")
            #expect(try await bot.runtime.database.experimentDecisions().map(\.variant) == ["b"])
            let (person, welcome) = try await world.started(assigned: "a")
            #expect(welcome.hasPrefix(Self.mark))
            #expect(try await bot.runtime.database.events(userID: person.id).allSatisfy { $0.kind != ExposureEvent.kind })
        }
    }

    @Test func anAdminPreviewingBSeesExactlyWhatABUserSees() async throws {
        try await WelcomeExperiment.run { world in
            let bot = world.bot
            try await bot.runtime.database.recordExperimentDecision(
                ExperimentDecision(experimentID: Self.id, status: .running, changedAt: world.clock.now()), actor: "cli")
            let card = try await world.say("/experiments", from: world.admin)
            let opened = try await world.press("adm:x:\(Self.id)", on: card, until: "Метрика")
            _ = try await world.press("adm:v:\(Self.id):b", on: opened, until: "Метрика")
            #expect(try await bot.runtime.database.experimentOverrides().map(\.variant) == ["b"])

            // The admin starts a journey like any user (and asks to resume, which offers Continue);
            // so do a b user and an a user with the same name
            func journey(_ user: SimulatedUser) async throws -> [BotMessage] {
                try await world.messages(after: "/start", of: user) + world.messages(after: "/resume", of: user)
            }
            let preview = try await journey(world.admin)
            let b = try await journey(try await world.user(assigned: "b"))
            let a = try await journey(try await world.user(assigned: "a"))
            #expect(preview.count == b.count && preview.count >= 2)
            for (shown, real) in zip(preview, b) {
                #expect(shown.html == real.html && shown.text == real.text, "\(shown.text ?? "") vs \(real.text ?? "")")
                #expect(shown.entities == real.entities)
                #expect(shown.buttons == real.buttons)
                #expect(shown.kind == real.kind && shown.caption == real.caption)
            }
            #expect(preview.first?.text?.hasPrefix(Self.mark) == true)
            #expect(preview.last?.buttons.joined().contains { $0.text.hasPrefix(Self.mark) } == true, "\(preview.last?.buttons ?? [])")
            #expect(a.first?.text != preview.first?.text && a.last?.buttons != preview.last?.buttons)
            // The b user's welcome is an exposure; the admin's preview is not
            #expect(try await bot.runtime.database.events(userID: world.admin.id).allSatisfy { $0.kind != ExposureEvent.kind })
        }
    }
}

/// The bot on assets whose microgreens welcome and the engine's Continue label have variants
/// (b starts with `ExperimentTelegramTests.mark`), one admin, and users picked by their variant.
struct WelcomeExperiment {
    let bot: BotHarness
    let clock: ShiftedClock
    let admin: SimulatedUser
    let experiment: Experiment
    let strings: BotStrings

    static let adminName = "Аня"

    static func assets() throws -> URL {
        let assets = try VariantAssets.copy(of: repositoryRoot.appendingPathComponent("assets"))
        try VariantAssets.declare(#"{ "id": "\#(ExperimentTelegramTests.id)", "texts": ["welcome", "engine:continueButton"], "variants": {"a": 1, "b": 1}, "metric": "day-7", "samplePerVariant": 10 }"#,
                                  program: "microgreens", in: assets)
        for locale in ["ru", "en"] {
            try VariantAssets.vary(assets.appendingPathComponent("programs/microgreens/\(locale).json"), key: "welcome", mark: ExperimentTelegramTests.mark)
            try VariantAssets.vary(assets.appendingPathComponent("locales/program.\(locale).json"), key: "continueButton", mark: ExperimentTelegramTests.mark)
        }
        return assets
    }

    static func run(_ body: (WelcomeExperiment) async throws -> Void) async throws {
        let assets = try assets()
        let catalog = try ProgramCatalog.load(from: assets.appendingPathComponent("programs"), uiStrings: assets.appendingPathComponent("locales"))
        let experiment = try #require(catalog.experiment(id: ExperimentTelegramTests.id))
        let clock = ShiftedClock()
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let admin = await emulator.newUser(firstName: adminName, languageCode: "ru")
        let bot = try await BotHarness.start(emulator: emulator, clock: clock, adminIDs: [admin.id],
                                             environment: ["SOGRETO_ASSETS_DIR": assets.path])
        let world = WelcomeExperiment(bot: bot, clock: clock, admin: admin, experiment: experiment,
                                      strings: try BotStrings.load(from: assets.appendingPathComponent("locales"), variants: catalog.sharedVariants.bot))
        do {
            try await body(world)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    /// A new user (named like the admin) whom assignment gives `variant`.
    func user(assigned variant: String) async throws -> SimulatedUser {
        for _ in 0..<64 {
            let user = await bot.emulator.newUser(firstName: Self.adminName, languageCode: "ru")
            if VariantAssignment.variant(of: user.id, in: experiment) == variant { return user }
        }
        throw VariantAssets.Problem(description: "no user with variant \(variant) in 64 tries")
    }

    /// Everything the bot answers to /start, once it has settled.
    func startMessages(of user: SimulatedUser) async throws -> [BotMessage] {
        try await messages(after: "/start", of: user)
    }

    /// Everything the bot answers to `text`, once it has settled.
    func messages(after text: String, of user: SimulatedUser) async throws -> [BotMessage] {
        let before = await bot.emulator.messages(in: user.chatID).count
        await bot.emulator.sendText(text, from: user)
        _ = try await bot.replies(to: user, count: before + 1)
        try await bot.settle()
        return Array(await bot.emulator.messages(in: user.chatID).dropFirst(before))
    }

    func started(assigned variant: String) async throws -> (SimulatedUser, String) {
        let user = try await user(assigned: variant)
        return (user, try await startMessages(of: user).first?.text ?? "")
    }

    /// The welcome a new user of `variant` gets now.
    func welcome(for variant: String) async throws -> String {
        try await started(assigned: variant).1
    }

    func say(_ text: String, from user: SimulatedUser) async throws -> BotMessage {
        let before = await bot.emulator.messages(in: user.chatID).count
        await bot.emulator.sendText(text, from: user)
        return try #require(try await bot.replies(to: user, count: before + 1).last)
    }

    /// Presses a button on `message` (as the bot last showed it) and waits for the message to be
    /// edited again, to show `shown`.
    func press(_ data: String, on message: BotMessage, until shown: String) async throws -> BotMessage {
        await bot.emulator.pressButton(data, on: message.messageID, from: admin)
        let edited = try await eventualValue {
            await bot.emulator.messages(in: admin.chatID).first {
                $0.messageID == message.messageID && ($0.text != message.text || $0.buttons != message.buttons)
                    && ($0.text ?? "").contains(shown)
            }
        }
        return try #require(edited, "no edit showing \(shown) after \(data)")
    }
}

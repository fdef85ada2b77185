import Foundation
import TestSupport
import Testing
import TelegramEmulator
@testable import Bot
import GRDB

/// The real executable, started as an operator would, against the emulator.
final class BotProcess: Sendable {
    private let process: ChildProcess

    init(emulator: TelegramEmulator, dataDirectory: URL, environment extra: [String: String] = [:]) throws {
        let environment = [
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": dataDirectory.path,
            "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
            // Text only: checking the real narration (≈170 MB) would slow every start.
            "SOGRETO_AUDIO_DIR": dataDirectory.appendingPathComponent("no-audio").path,
            "SOGRETO_LOG_LEVEL": "warning",
            "PATH": "/usr/bin:/bin",
        ].merging(extra) { _, extra in extra }
        process = try ChildProcess(sogretoBinary, arguments: ["run"], environment: environment)
    }

    var pid: Int32 { process.pid }

    func kill9() async { await process.kill9() }

    /// SIGTERM, as systemd sends it; nil when the process did not exit within the time.
    func terminate(within seconds: Double = 30) async -> Int32? {
        await process.terminate(within: .seconds(seconds))
    }
}

@Suite(.serialized) struct RestartEndToEndTests {
    @Test func aRestartedBotNeitherRepeatsNorLosesReplies() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let users = await withTaskGroup(of: SimulatedUser.self) { group in
            for index in 0..<5 { group.addTask { await emulator.newUser(firstName: "U\(index)") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // Given a bot mid-conversation
        let bot = try await BotHarness.start(emulator: emulator, dataDirectory: directory)
        for user in users { await emulator.sendText("/start", from: user) }
        for user in users { _ = try await bot.replies(to: user, count: 2) }
        // When it stops with updates still queued at Telegram, and starts again
        for user in users { await emulator.sendText("/help", from: user) }
        await bot.stop(emulatorToo: false)
        for user in users { await emulator.sendText("/status", from: user) }
        let restarted = try await BotHarness.start(emulator: emulator, dataDirectory: directory)
        // Then every user has exactly their four replies (the welcome and the zone question, help, status), in order
        for user in users {
            let replies = try await restarted.replies(to: user, count: 4)
            #expect(replies.count == 4)
        }
        try await restarted.settle()
        for user in users {
            let texts = await emulator.messages(in: user.chatID).compactMap(\.text)
            #expect(texts.count == 4)
            #expect(texts.last?.contains("День 0 из 20") == true)
        }
        await restarted.stop()
    }

    @Test func killNineMidTrafficLosesNothing() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var users: [SimulatedUser] = []
        for index in 0..<20 { users.append(await emulator.newUser(firstName: "K\(index)")) }

        var bot = try BotProcess(emulator: emulator, dataDirectory: directory)
        var random = TestSeed()
        // Each user sends five commands while the bot is being killed and restarted
        let perUser = 5
        for round in 0..<perUser {
            for user in users { await emulator.sendText(round == 0 ? "/start" : "/help", from: user) }
            // A random moment to kill (the seed replays it): the wait is the drill, not a wait for something.
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...300, using: &random)))
            await bot.kill9()
            bot = try BotProcess(emulator: emulator, dataDirectory: directory)
        }
        for user in users {
            _ = try await emulator.waitForMessages(in: user.chatID, count: perUser, timeout: .seconds(30))
        }
        // Once the outbox holds nothing more to send, no message can still come twice.
        let database = try DatabaseQueue(path: directory.appendingPathComponent("sogreto.sqlite").path)
        #expect(try await eventually {
            try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") } == 0
        })
        try await database.close()
        var duplicates = 0
        for user in users {
            let count = await emulator.messages(in: user.chatID).count
            #expect(count >= perUser, "no reply is lost; \(random)")
            duplicates += count - perUser
        }
        // A kill between Telegram's accepting a message and the outbox row being marked sent can
        // repeat that one in-flight message; nothing else may be repeated.
        print("kill -9 drill: \(users.count * perUser) replies expected, \(duplicates) repeated")
        #expect(duplicates <= perUser * DeliveryLimits().concurrency)
        #expect(await bot.terminate() == 0)
        await emulator.shutdown()
    }

    @Test func sigtermStopsCleanlyWithExitCodeZero() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-term-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let anna = await emulator.newUser(firstName: "Анна")
        let bot = try BotProcess(emulator: emulator, dataDirectory: directory)
        await emulator.sendText("/start", from: anna)
        _ = try await emulator.waitForMessages(in: anna.chatID, count: 1, timeout: .seconds(15))
        #expect(await bot.terminate() == 0)
        await emulator.shutdown()
    }
}

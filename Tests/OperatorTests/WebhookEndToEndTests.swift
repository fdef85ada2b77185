import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Testing
import TestSupport
import TelegramEmulator
@testable import Bot

/// Webhook mode against the emulator, which pushes updates to the bot's HTTP server over
/// loopback as Telegram does (one POST per update, the secret header, retries until a 2xx).
@Suite(.serialized) struct WebhookEndToEndTests {
    static let secret = "s3cret_token-for-tests"
    /// A new user's /start is answered by the welcome, then the time-zone question.
    static let startReplies = 2

    @Test func updatesPushedByTelegramAreAnsweredThroughTheSameIntake() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let data = temporaryDirectory("webhook")
        defer { try? FileManager.default.removeItem(at: data) }
        // Given the bot in webhook mode
        let bot = try await OperatorBot.start(emulator: emulator, dataDirectory: data, mode: .webhook(secret: Self.secret))
        let info = try await bot.client.send(GetWebhookInfo())
        #expect(info.url == bot.webhookURL.get()?.absoluteString)
        let registration = try #require(await emulator.requestLog().last { $0.method == "setWebhook" })
        #expect(registration.parameters["secret_token"] == Self.secret)
        #expect(registration.ignoredParameters.isEmpty, "every parameter is one the Bot API knows")
        #expect(registration.parameters["allowed_updates"]?.contains("callback_query") == true)
        // When users write
        var users: [SimulatedUser] = []
        for index in 0..<4 { users.append(await emulator.newUser(firstName: "W\(index)")) }
        for user in users {
            await emulator.sendText("/start", from: user)
            await emulator.sendText("/status", from: user)
        }
        // Then each gets the welcome, the zone question and the status, in order, and the bot never polled
        for user in users {
            let replies = try await emulator.waitForMessages(in: user.chatID, count: Self.startReplies + 1, timeout: .seconds(30))
            #expect(replies.last?.text?.contains("День 0 из 20") == true)
        }
        #expect(await emulator.requestLog().contains { $0.method == "getUpdates" } == false)
        await bot.stop()
        await emulator.shutdown()
    }

    @Test func requestsWithoutTheRightSecretAreRefusedAndNotApplied() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let data = temporaryDirectory("webhook-secret")
        defer { try? FileManager.default.removeItem(at: data) }
        let bot = try await OperatorBot.start(emulator: emulator, dataDirectory: data, mode: .webhook(secret: Self.secret))
        let url = try #require(bot.webhookURL.get())
        let anna = await emulator.newUser(firstName: "Анна")
        let update = Self.update(id: 900_001, text: "/start", from: anna.id)
        // When a forged update arrives without the header, with a wrong one, and with a longer one
        #expect(try await Self.post(update, to: url, secret: nil) == 401)
        #expect(try await Self.post(update, to: url, secret: "wrong") == 403)
        #expect(try await Self.post(update, to: url, secret: Self.secret + "x") == 403)
        #expect(try await Self.post(update, to: url, secret: Self.secret + String(repeating: "x", count: 256)) == 403)
        #expect(try await Self.post(update, to: url, secret: String(Self.secret.dropLast())) == 403)
        // Then nothing was applied or sent
        let applied = try await bot.runtime.sqliteWriter.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM processed_updates WHERE update_id = 900001") ?? -1
        }
        #expect(applied == 0)
        #expect(await emulator.messages(in: anna.chatID).isEmpty)
        // And the same update with the secret, delivered twice (a retry), is answered once
        #expect(try await Self.post(update, to: url, secret: Self.secret) == 200)
        #expect(try await Self.post(update, to: url, secret: Self.secret) == 200)
        try await bot.settle()
        #expect(await emulator.messages(in: anna.chatID).count == Self.startReplies)
        // And answers come fast: each after its update's transaction, in milliseconds
        var timings: [Double] = []
        for index in 0..<50 {
            let started = Date()
            #expect(try await Self.post(Self.update(id: 910_000 + Int64(index), text: "/help", from: anna.id), to: url,
                                        secret: Self.secret) == 200)
            timings.append(Date().timeIntervalSince(started) * 1000)
        }
        timings.sort()
        print(String(format: "webhook: 50 updates, answer p50 %.1f ms, max %.1f ms", timings[25], timings[49]))
        #expect(timings[25] < 500)
        // And a body that is not an update is acknowledged (so Telegram does not resend it forever) and ignored
        #expect(try await Self.post(Data("{\"nonsense\": true}".utf8), to: url, secret: Self.secret) == 200)
        await bot.stop()
        await emulator.shutdown()
    }

    @Test func updatesSentWhileTheBotIsDownArriveByRetryAndThenByPollingAgain() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let data = temporaryDirectory("webhook-restart")
        defer { try? FileManager.default.removeItem(at: data) }
        let anna = await emulator.newUser(firstName: "Анна")
        // Given a webhook bot that stops while the webhook stays set
        var bot = try await OperatorBot.start(emulator: emulator, dataDirectory: data, mode: .webhook(secret: Self.secret))
        await emulator.sendText("/start", from: anna)
        _ = try await emulator.waitForMessages(in: anna.chatID, count: Self.startReplies, timeout: .seconds(30))
        await bot.stop()
        // When the user writes while it is down (Telegram's POSTs fail and are retried)
        await emulator.sendText("/help", from: anna)
        #expect(try await eventually { try await bot.client.send(GetWebhookInfo()).lastErrorMessage != nil })
        // Then the restarted webhook bot gets it
        bot = try await OperatorBot.start(emulator: emulator, dataDirectory: data, mode: .webhook(secret: Self.secret))
        _ = try await emulator.waitForMessages(in: anna.chatID, count: Self.startReplies + 1, timeout: .seconds(30))
        await bot.stop()
        // And back in polling mode the webhook is deleted and updates flow through getUpdates
        await emulator.sendText("/status", from: anna)
        bot = try await OperatorBot.start(emulator: emulator, dataDirectory: data, mode: .polling)
        #expect(try await bot.client.send(GetWebhookInfo()).url == "")
        let replies = try await emulator.waitForMessages(in: anna.chatID, count: Self.startReplies + 2, timeout: .seconds(30))
        #expect(replies.last?.text?.contains("День 0 из 20") == true)
        try await bot.settle()
        #expect(await emulator.messages(in: anna.chatID).count == Self.startReplies + 2)
        await bot.stop()
        await emulator.shutdown()
    }

    static func update(id: Int64, text: String, from userID: Int64) -> Data {
        let json: [String: Any] = [
            "update_id": id,
            "message": [
                "message_id": 1, "date": 1_790_000_000, "text": text,
                "from": ["id": userID, "is_bot": false, "first_name": "Анна", "language_code": "ru"],
                "chat": ["id": userID, "type": "private", "first_name": "Анна"],
            ] as [String: Any],
        ]
        return (try? JSONSerialization.data(withJSONObject: json)) ?? Data()
    }

    static func post(_ body: Data, to url: URL, secret: String?) async throws -> Int {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let secret { request.setValue(secret, forHTTPHeaderField: "X-Telegram-Bot-Api-Secret-Token") }
        request.httpBody = body
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}

@Suite struct WebhookIntakeTests {
    @Test func secretsCompareEqualOnlyWhenIdentical() {
        let expected = Array("abc_DEF-123".utf8)
        #expect(WebhookIntake.constantTimeEquals(expected, expected))
        #expect(!WebhookIntake.constantTimeEquals(Array("abc_DEF-124".utf8), expected))
        #expect(!WebhookIntake.constantTimeEquals(Array("abc_DEF-12".utf8), expected))
        #expect(!WebhookIntake.constantTimeEquals(Array("abc_DEF-1234".utf8), expected))
        #expect(!WebhookIntake.constantTimeEquals([], expected))
    }

    @Test func theSecretFollowedByMoreCharactersIsRefused() {
        let expected = Array("abcdefgh_ABCDEFGH-0123456789abcd".utf8)
        // 256 extra characters once let the lengths' difference vanish from the comparison
        for extra in [1, 255, 256, 257, 512, 1_000] {
            let given = expected + Array(repeating: UInt8(ascii: "x"), count: extra)
            #expect(!WebhookIntake.constantTimeEquals(given, expected), "\(extra) extra characters")
        }
        let shorter = Array(expected.dropLast(32 - 16))
        #expect(!WebhookIntake.constantTimeEquals(shorter, expected))
    }

    @Test func oneChatWaitsForItsPreviousUpdateWhileOtherChatsGoOn() async throws {
        let lanes = ChatLanes()
        let log = LockedBox<[String]>([])
        let gate = LockedBox(false)
        let started = LockedBox(false)
        // Given chat 1's first update still being handled
        let first = Task {
            await lanes.run(1) {
                started.set(true)
                _ = try? await eventually(within: .seconds(60)) { gate.get() }
                log.set(log.get() + ["a1"])
            }
        }
        #expect(try await eventually(within: .seconds(60)) { started.get() })
        // When chat 1's second update and chat 2's first arrive
        let second = Task { await lanes.run(1) { log.set(log.get() + ["a2"]) } }
        await lanes.run(2) { log.set(log.get() + ["b1"]) }
        // Bounded on purpose: chat 1's second update gets time to overtake its first, which it must not
        try await Task.sleep(for: .milliseconds(50))
        // Then chat 2 went ahead, and chat 1's second waits for its first
        #expect(log.get() == ["b1"])
        gate.set(true)
        await first.value
        await second.value
        #expect(log.get() == ["b1", "a1", "a2"])
    }
}

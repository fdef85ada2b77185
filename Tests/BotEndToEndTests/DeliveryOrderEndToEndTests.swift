import Admin
import Foundation
import GRDB
import Prometheus
import Testing
import TelegramEmulator
@testable import Bot

/// A chat's messages reach the user in outbox order whatever Telegram does to one of them, and a
/// chat in trouble never holds up the others.
@Suite(.serialized) struct DeliveryOrderEndToEndTests {
    static let texts = (1...5).map { "№\($0)" }

    /// Short retries and patience, so a test of several failures takes seconds; a retry
    /// still comes due well after the next message could have been sent.
    static func impatientBot(maxAttempts: Int = 8, metrics: BotMetrics = BotMetrics()) async throws -> BotHarness {
        var limits = DeliveryLimits.forTests(.none)
        limits.firstRetryDelay = 0.3
        limits.maxAttempts = maxAttempts
        var timeouts = TelegramTimeouts()
        timeouts.reply = 10 // 1 s would do on a quiet machine; under the whole suite's load getMe took over 5 s
        return try await BotHarness.start(limits: limits, timeouts: timeouts, metrics: metrics)
    }

    /// Two people who have written to the bot (their chats exist), each with one reply.
    static func twoStartedUsers(_ bot: BotHarness) async throws -> (SimulatedUser, SimulatedUser) {
        let anna = await bot.emulator.newUser(firstName: "Анна")
        let boris = await bot.emulator.newUser(firstName: "Борис")
        for user in [anna, boris] {
            await bot.emulator.sendText("/help", from: user)
            _ = try await bot.replies(to: user, count: 1)
        }
        return (anna, boris)
    }

    static func queueFiveMessages(_ bot: BotHarness, to chats: [Int64]) async throws {
        for chat in chats {
            try await bot.runtime.database.enqueue(texts.map { .message(text: $0, keyboard: nil) }, chatID: chat,
                                                   priority: 0, now: Date())
        }
        await bot.runtime.processor.delivery.signal()
    }

    @Test func aFailingSendHoldsItsChatsLaterMessagesAndNoOtherChat() async throws {
        let bot = try await Self.impatientBot()
        do {
            let (anna, boris) = try await Self.twoStartedUsers(bot)
            // Given Anna's chat meets a 500, a 502, a dropped connection and a send never answered, in turn
            let faults: [Fault] = [
                .serverError(status: 500, method: "sendMessage", count: 1),
                .serverError(status: 502, method: "sendMessage", count: 1),
                .dropConnection(method: "sendMessage", count: 1),
                .unanswered(method: "sendMessage", count: 1, closeAfter: .seconds(20)),
            ]
            for fault in faults { await bot.emulator.inject(.inChat(anna.chatID, fault)) }
            // When five messages are queued for each of them
            try await Self.queueFiveMessages(bot, to: [anna.chatID, boris.chatID])
            // Then Boris gets his while Anna's first is still failing, and Anna's chat shows nothing out of turn
            let borisMessages = try await bot.replies(to: boris, count: 6, timeout: .seconds(15))
            #expect(borisMessages.dropFirst().map(\.text) == Self.texts)
            #expect(await bot.emulator.messages(in: anna.chatID).count == 1, "nothing overtakes Anna's failing message")
            // And Anna gets all five, in order, once the first gets through
            let annaMessages = try await bot.replies(to: anna, count: 6, timeout: .seconds(60))
            #expect(annaMessages.dropFirst().map(\.text) == Self.texts)
            try await bot.settle()
            #expect(await bot.emulator.messages(in: anna.chatID).count == 6, "each message arrived once")
            // And every failure was the first message's: no later one was tried before it went through
            let annaFailures = await bot.emulator.requestLog().filter { $0.parameters["chat_id"] == "\(anna.chatID)" && $0.httpStatus != 200 }
            #expect(annaFailures.map { $0.parameters["text"] } == Array(repeating: "№1", count: 4))
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func aMessageGivenUpIsCountedAndFreesItsChat() async throws {
        let export = PrometheusExport()
        let bot = try await Self.impatientBot(maxAttempts: 2, metrics: BotMetrics(factory: export.factory))
        do {
            let (anna, _) = try await Self.twoStartedUsers(bot)
            // Given Anna's first message fails as often as Delivery tries it
            await bot.emulator.inject(.inChat(anna.chatID, .serverError(status: 502, method: "sendMessage", count: 2)))
            // When five messages are queued for her
            try await Self.queueFiveMessages(bot, to: [anna.chatID])
            // Then the first is given up (failed, with its reason, and counted) and the other four follow in order
            let annaMessages = try await bot.replies(to: anna, count: 5, timeout: .seconds(10))
            #expect(annaMessages.dropFirst().map(\.text) == Array(Self.texts.dropFirst()))
            let failed = try await bot.runtime.database.outboxRows(chatID: anna.chatID)
                .filter { $0.state == "failed" }.map { $0.lastError ?? "" }
            #expect(failed.count == 1)
            #expect(failed.first?.contains("502") == true)
            #expect(export.registry.emitToString().contains(#"sogreto_errors_total{kind="delivery_given_up"} 1"#))
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }
}

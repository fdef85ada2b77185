import Foundation
import GRDB
import Logging
import Testing
import TelegramEmulator
@testable import Bot

/// A Telegram (or proxy) error that echoes the request URL carries the bot token: it reaches
/// neither the log nor the outbox's stored errors (and so no backup).
@Suite(.serialized) struct TokenRedactionEndToEndTests {
    @Test func errorsEchoingTheURLAreStoredAndLoggedWithoutTheToken() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: logs) }
        let file = try RotatingFile(directory: logs, maxBytes: 10_000_000, maxFiles: 1)
        let logger = Logger(label: "e2e") { LineLogHandler(label: $0, level: .debug, sink: .file(file)) }
        var limits = DeliveryLimits.forTests(.none)
        limits.firstRetryDelay = 0.05
        let bot = try await BotHarness.start(limits: limits, logger: logger)
        do {
            let anna = await bot.emulator.newUser(firstName: "Анна")
            // Given a fake Telegram whose errors quote the URL: once a 502 (retried), once a 400 (refused)
            await bot.emulator.inject(.serverErrorEchoingURL(status: 502, method: "sendMessage", count: 1))
            // When the bot answers /start, and then sends a queued message
            await bot.emulator.sendText("/start", from: anna)
            _ = try await bot.replies(to: anna, count: 1)
            await bot.emulator.inject(.serverErrorEchoingURL(status: 400, method: "sendMessage", count: 1))
            try await bot.runtime.database.enqueue([.message(text: "ещё", keyboard: nil)], chatID: anna.chatID,
                                                   priority: 0, now: Date())
            await bot.runtime.processor.delivery.signal()
            try await bot.settle()
            // Then the echoed URLs were seen, and neither the stored errors nor the log hold the token
            let echoed = await bot.emulator.requestLog().compactMap(\.errorDescription).filter { $0.contains(bot.emulator.token) }
            #expect(echoed.count == 2, "the fake Telegram did echo the token")
            let stored = try await bot.runtime.database.outboxRows(chatID: nil).compactMap(\.lastError)
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { !$0.contains(bot.emulator.token) && $0.contains(TokenRedaction.placeholder) }, "\(stored)")
            let log = try String(contentsOf: logs.appendingPathComponent("sogreto.log"), encoding: .utf8)
            #expect(log.contains(TokenRedaction.placeholder))
            #expect(!log.contains(bot.emulator.token))
            #expect(!log.contains(String(bot.emulator.token.split(separator: ":").last ?? "")))
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func aRefusalQuotingTheMessageLeavesItsWordsOutOfTheLogAndTheRow() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: logs) }
        let file = try RotatingFile(directory: logs, maxBytes: 10_000_000, maxFiles: 1)
        let logger = Logger(label: "e2e") { LineLogHandler(label: $0, level: .debug, sink: .file(file)) }
        let bot = try await BotHarness.start(limits: .forTests(.none), logger: logger)
        do {
            let anna = await bot.emulator.newUser(firstName: "Анна")
            // Given a queued message whose text Telegram cannot parse, and which it quotes in its refusal
            let words = "zephyr\(UUID().uuidString.prefix(8).lowercased())"
            try await bot.runtime.database.enqueue([.message(text: "<\(words)>", keyboard: nil)], chatID: anna.chatID,
                                                   priority: 0, now: Date())
            // When Delivery sends it
            await bot.runtime.processor.delivery.signal()
            try await bot.settle()
            // Then Telegram quoted the words, and the row and the log keep its sentence without them
            let refusals = await bot.emulator.requestLog().compactMap(\.errorDescription)
            #expect(refusals.contains { $0.contains("\"\(words)\"") }, "\(refusals)")
            let stored = try await bot.runtime.database.outboxRows(chatID: anna.chatID).compactMap(\.lastError)
            #expect(stored == ["Telegram refused sendMessage: 400 Bad Request: can't parse entities: "
                               + "Unsupported start tag \"…\" at byte offset 0"])
            let log = try String(contentsOf: logs.appendingPathComponent("sogreto.log"), encoding: .utf8)
            #expect(log.contains("Telegram rejected a message"))
            #expect(!log.contains(words), "\(log)")
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }
}

import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

@Suite(.serialized) struct DeliveryEndToEndTests {
    @Test func a429IsWaitedOutAndTheMessageStillArrivesOnce() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна")
            await bot.emulator.inject(.tooManyRequests(retryAfter: 1, method: "sendMessage", count: 1))
            let started = Date()
            await bot.emulator.sendText("/start", from: anna)
            let replies = try await bot.replies(to: anna, count: 2, timeout: .seconds(30)) // the welcome and the zone question
            #expect(Date().timeIntervalSince(started) >= 0.9, "the bot waited retry_after")
            try await bot.settle()
            #expect(await bot.emulator.messages(in: anna.chatID).count == replies.count)
            let refused = await bot.emulator.requestLog().filter { $0.httpStatus == 429 }
            #expect(refused.count == 1)
        }
    }

    @Test func serverErrorsAndDroppedConnectionsAreRetried() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна")
            await bot.emulator.inject(.serverError(status: 502, method: "sendMessage", count: 2))
            await bot.emulator.sendText("/start", from: anna)
            let replies = try await bot.replies(to: anna, count: 2, timeout: .seconds(15)) // the welcome and the zone question
            #expect(replies.count == 2)
            try await bot.settle()
            #expect(await bot.emulator.messages(in: anna.chatID).count == 2)
        }
    }

    @Test func a403MarksTheUserBlockedUntilTheyComeBack() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна")
            await bot.emulator.sendText("/start", from: anna)
            _ = try await bot.replies(to: anna, count: 1)
            // Telegram refuses to deliver to her (she blocked the bot before we saw the update)
            await bot.emulator.inject(.forbidden(chatID: anna.chatID))
            try await bot.runtime.database.enqueue([.message(text: "напоминание", keyboard: nil)], chatID: anna.chatID,
                                                   priority: 1, now: Date())
            await bot.runtime.processor.delivery.signal()
            #expect(try await eventually { try await bot.runtime.database.isBlocked(chatID: anna.chatID) })
            // Nothing more goes out to her
            try await bot.runtime.database.enqueue([.message(text: "ещё одно", keyboard: nil)], chatID: anna.chatID,
                                                   priority: 1, now: Date())
            try await bot.settle()
            #expect(await bot.emulator.messages(in: anna.chatID).count == 1)
            // …until a my_chat_member update says she is back
            await bot.emulator.clearFaults()
            await bot.emulator.blockBot(by: anna)
            await bot.emulator.unblockBot(by: anna)
            #expect(try await eventually { try await !bot.runtime.database.isBlocked(chatID: anna.chatID) })
            let messages = try await bot.replies(to: anna, count: 2)
            #expect(messages.last?.text?.contains("/start") == true)
        }
    }

    @Test func anEditTelegramFindsUnchangedCountsAsDone() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна")
            await bot.emulator.sendText("/start", from: anna)
            let shown = try #require(try await bot.replies(to: anna, count: 2).last)
            try await bot.settle()
            // Given an edit that would show exactly what the message shows (Telegram: "message is not modified")
            let keyboard = shown.buttons.map { $0.map { Button($0.text, $0.callbackData ?? "") } }
            try await bot.runtime.database.enqueue([.editKeyboard(messageID: shown.messageID, keyboard: keyboard)],
                                                   chatID: anna.chatID, priority: 1, now: Date())
            await bot.runtime.processor.delivery.signal()
            try await bot.settle()
            // Then the refused edit was really sent, yet the row counts as done, not failed
            #expect(await bot.emulator.requestLog().contains { $0.httpStatus == 400 })
            let states = try await bot.runtime.database.outboxRows(chatID: anna.chatID).map(\.state)
            #expect(!states.isEmpty && !states.contains("failed"))
        }
    }

    @Test func blockingTheBotIsNoticedFromMyChatMember() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна")
            await bot.emulator.sendText("/start", from: anna)
            _ = try await bot.replies(to: anna, count: 1)
            await bot.emulator.blockBot(by: anna)
            #expect(try await eventually { try await bot.runtime.database.isBlocked(chatID: anna.chatID) })
        }
    }

    @Test func underTelegramsFloodLimitsNothingIsRefused() async throws {
        try await withBot(floodLimits: .telegram) { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна")
            // Six replies to one chat: past the per-chat burst, so pacing must spread them
            for command in ["/start", "/help", "/status", "/help", "/status", "/help"] {
                await bot.emulator.sendText(command, from: anna)
            }
            _ = try await bot.replies(to: anna, count: 6, timeout: .seconds(15))
            #expect(await bot.emulator.requestLog().filter { $0.httpStatus == 429 }.isEmpty)
        }
    }

    @Test func everyRequestTheBotMadeWasValid() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна & <Co>")
            for command in ["/start", "/help", "/status", "/reset", "/contact", "/pause", "/resume", "hi"] {
                await bot.emulator.sendText(command, from: anna)
            }
            _ = try await bot.replies(to: anna, count: 8)
            try await bot.settle()
            let log = await bot.emulator.requestLog()
            let failures = log.filter { $0.httpStatus != 200 }
            #expect(failures.isEmpty, "\(failures.map { "\($0.method): \($0.errorDescription ?? "")" })")
            #expect(log.allSatisfy { $0.ignoredParameters.isEmpty }, "\(log.filter { !$0.ignoredParameters.isEmpty }.map(\.method))")
        }
    }
}

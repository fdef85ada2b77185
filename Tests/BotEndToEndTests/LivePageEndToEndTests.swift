import Foundation
import Testing
@testable import Bot
import TelegramEmulator

/// A step shown in several messages (Continue sends it again): Back or "Why?" on an older copy
/// answers in a new message and takes that copy's buttons away, so the newest message's buttons
/// always act. The journey walker found the older copy turned in place instead, leaving the
/// newest message with buttons that only said "already done".
@Suite struct LivePageEndToEndTests {
    /// Mira on the second planting step, shown twice: once by Next, once more by /continue.
    private func twoCopiesOfTheSecondStep(_ bot: BotHarness, _ mira: SimulatedUser) async throws -> (older: BotMessage, newer: BotMessage) {
        await bot.emulator.sendText("/start", from: mira)
        let question = try #require(try await bot.replies(to: mira, count: 2).last)
        await bot.emulator.pressButton("s:os", on: question.messageID, from: mira)
        try await bot.settle()
        let first = try #require(await bot.emulator.messages(in: mira.chatID).last)
        try await press(Self.data(first, "p:n:"), on: first, bot, mira)
        let older = try #require(await bot.emulator.messages(in: mira.chatID).last)
        await bot.emulator.sendText("/continue", from: mira)
        try await bot.settle()
        let newer = try #require(await bot.emulator.messages(in: mira.chatID).last)
        #expect(newer.messageID > older.messageID && newer.text == older.text)
        return (older, newer)
    }

    @discardableResult
    private func press(_ data: String, on message: BotMessage, _ bot: BotHarness, _ user: SimulatedUser) async throws -> String? {
        let query = await bot.emulator.pressButton(data, on: message.messageID, from: user)
        try await bot.settle()
        return await bot.emulator.callbackAnswers(for: query).first?.text
    }

    private static func data(_ message: BotMessage, _ prefix: String) throws -> String {
        try #require(message.buttons.joined().compactMap(\.callbackData).first { $0.hasPrefix(prefix) }, "\(prefix) on \(message.text ?? "")")
    }

    @Test func backOnAnOlderCopyOfAStepAnswersAnewAndTheNewestButtonsStillAct() async throws {
        try await withBot { bot in
            let mira = await bot.emulator.newUser(firstName: "Мира", languageCode: "ru")
            let (older, newer) = try await twoCopiesOfTheSecondStep(bot, mira)
            let stale = bot.runtime.strings.text("stale_button", "ru")
            // When Mira presses Back on the older copy
            #expect(try await press(Self.data(older, "p:b:"), on: older, bot, mira) != stale)
            let after = await bot.emulator.messages(in: mira.chatID)
            // Then the first step comes as a new message at the bottom of the chat
            let latest = try #require(after.last)
            #expect(latest.messageID > newer.messageID)
            #expect(latest.buttons.joined().contains { $0.callbackData?.hasPrefix("p:n:planting.0") == true })
            // and the older copy keeps its text but loses its buttons
            let retired = try #require(after.first { $0.messageID == older.messageID })
            #expect(retired.text == older.text && retired.buttons.isEmpty)
            // and the newest message's Next acts: Mira is on the second step again
            #expect(try await press(Self.data(latest, "p:n:"), on: latest, bot, mira) != stale)
            let record = try #require(try await bot.runtime.database.user(mira.id))
            #expect(record.progress?.contains("\"index\":1") == true, "\(record.progress ?? "")")
        }
    }

    @Test func backOnTheNewestCopyStillTurnsThePageInPlace() async throws {
        try await withBot { bot in
            let mira = await bot.emulator.newUser(firstName: "Мира", languageCode: "ru")
            let (older, newer) = try await twoCopiesOfTheSecondStep(bot, mira)
            let count = await bot.emulator.messages(in: mira.chatID).count
            // When Mira presses Back on the newest copy, it turns in place
            try await press(Self.data(newer, "p:b:"), on: newer, bot, mira)
            let after = await bot.emulator.messages(in: mira.chatID)
            #expect(after.count == count)
            let turned = try #require(after.first { $0.messageID == newer.messageID })
            #expect(turned.isEdited && turned.text != newer.text)
            // and the older copy of the second step is now only an old button
            let answer = try await press(Self.data(older, "p:n:"), on: older, bot, mira)
            #expect(answer == bot.runtime.strings.text("stale_button", "ru"))
        }
    }

    @Test func whyOnAnOlderCopyExplainsInANewMessageAndTheNewestButtonsStillAct() async throws {
        try await withBot { bot in
            let mira = await bot.emulator.newUser(firstName: "Mira", languageCode: "en")
            let (older, newer) = try await twoCopiesOfTheSecondStep(bot, mira)
            let stale = bot.runtime.strings.text("stale_button", "en")
            // When Mira presses "Why?" on the older copy
            #expect(try await press(Self.data(older, "p:wy:"), on: older, bot, mira) != stale)
            let after = await bot.emulator.messages(in: mira.chatID)
            let explained = try #require(after.last)
            // Then the explanation comes in a new message, the older copy loses its buttons
            #expect(explained.messageID > newer.messageID)
            #expect((explained.text?.count ?? 0) > (older.text?.count ?? 0))
            #expect(after.first { $0.messageID == older.messageID }?.buttons.isEmpty == true)
            // and Back on the newest message acts, in place
            #expect(try await press(Self.data(explained, "p:b:"), on: explained, bot, mira) != stale)
            #expect(await bot.emulator.messages(in: mira.chatID).first { $0.messageID == explained.messageID }?.text != explained.text)
        }
    }
}

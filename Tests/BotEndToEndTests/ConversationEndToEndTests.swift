import Foundation
import Testing
import TelegramEmulator
@testable import Bot

@Suite(.serialized) struct ConversationEndToEndTests {
    @Test func aNewUserWalksThroughEveryCommand() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна", languageCode: "ru")

            // Given the menu was registered in both languages at start-up
            #expect(await bot.emulator.commands(languageCode: "en").map(\.command).contains("status"))
            #expect(await bot.emulator.commands(languageCode: nil).first?.description == "Начать или продолжить")

            // When Anna opens the kit's QR code
            await bot.emulator.sendText("/start mg-2026-0001", from: anna)
            var seen = try await bot.replies(to: anna, count: 1)
            #expect(seen[0].text?.contains("Привет, Анна") == true)
            #expect(seen[0].text?.contains("mg-2026-0001") == true)

            for command in ["/help", "/status", "/pause", "/resume", "/contact"] {
                await bot.emulator.sendText(command, from: anna)
                seen = try await bot.replies(to: anna, count: seen.count + 1)
            }
            let texts = seen.compactMap(\.text)
            #expect(texts[1].contains("/status"))
            #expect(texts[2].contains("День программы"))
            #expect(texts[3].contains("паузу"))
            #expect(texts[4].contains("снова здесь"))
            #expect(texts[5].contains("@sogreto_care"))

            // Reset asks first, with buttons
            await bot.emulator.sendText("/reset", from: anna)
            seen = try await bot.replies(to: anna, count: seen.count + 1)
            let question = try #require(seen.last)
            #expect(question.buttons.flatMap { $0 }.count == 2)
            let yes = try #require(question.buttons.first?.first?.callbackData)
            let queryID = await bot.emulator.pressButton(yes, on: question.messageID, from: anna)
            seen = try await bot.replies(to: anna, count: seen.count + 1)
            #expect(seen.last?.text?.contains("сброшено") == true)
            try await bot.settle()
            #expect(await bot.emulator.callbackAnswers(for: queryID).count == 1)

            // The activation was recorded with its kit code
            let events = try await bot.runtime.database.events(userID: anna.id)
            #expect(events.first == AnalyticsEvent(kind: "activated", detail: "mg-2026-0001"))
            #expect(events.contains(AnalyticsEvent(kind: "reset")))
        }
    }

    @Test func englishSpeakersAreAnsweredInEnglish() async throws {
        try await withBot { bot in
            let john = await bot.emulator.newUser(firstName: "John <3 & co", languageCode: "en")
            await bot.emulator.sendText("/start", from: john)
            let reply = try #require(try await bot.replies(to: john, count: 1).first)
            // The name arrives intact: escaped for HTML by the bot, parsed back by Telegram
            #expect(reply.text?.hasPrefix("Hi, John <3 & co!") == true)
        }
    }

    @Test func everythingElseAUserCanSendGetsAKindReplyOrSilence() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна", languageCode: "ru")
            await bot.emulator.sendText("/start", from: anna)
            _ = try await bot.replies(to: anna, count: 1)

            let contents: [SimulatedContent] = [
                .sticker(emoji: "🌱"), .voice(duration: 3), .video(duration: 2), .videoNote(duration: 2),
                .location(latitude: 55.75, longitude: 37.62), .contact(phoneNumber: "+79990000000", firstName: "Мама"),
                .poll(question: "?", options: ["a", "b"]), .animation, .dice(emoji: "🎲"),
            ]
            for content in contents { await bot.emulator.send(content, from: anna) }
            await bot.emulator.sendDocument(Data("%PDF-1.4".utf8), fileName: "x.pdf", mimeType: "application/pdf", from: anna)
            await bot.emulator.sendText("просто текст", from: anna)
            let replies = try await bot.replies(to: anna, count: 1 + contents.count + 2)
            for reply in replies.dropFirst() {
                #expect((reply.text ?? "").count > 10)
            }

            // Edited messages get no reply; forged buttons are answered with a short notice
            let mine = await bot.emulator.sendText("опечатка", from: anna)
            try await bot.emulator.editText(messageID: mine, newText: "исправил", from: anna)
            let forged = await bot.emulator.pressButton("p:" + String(repeating: "я", count: 20), on: replies[0].messageID, from: anna)
            try await bot.settle()
            #expect(await bot.emulator.messages(in: anna.chatID).count == replies.count + 1)
            let answer = try #require(await bot.emulator.callbackAnswers(for: forged).first)
            #expect(answer.text?.contains("кнопка") == true)

            // Groups get no conversation; a command there gets one pointer
            let group = await bot.emulator.newGroup(title: "Дача", members: [anna])
            await bot.emulator.sendText("всем привет", from: anna, in: group)
            await bot.emulator.sendText("/start", from: anna, in: group)
            let inGroup = try await bot.emulator.waitForMessages(in: group.id, count: 1)
            #expect(inGroup.first?.text?.contains("личных") == true)
            try await bot.settle()
            #expect(await bot.emulator.messages(in: group.id).count == 1)
        }
    }

    @Test func aFloodingUserIsCalmedWhileAnotherIsServed() async throws {
        try await withBot { bot in
            let flooder = await bot.emulator.newUser(firstName: "Спам", languageCode: "ru")
            let calm = await bot.emulator.newUser(firstName: "Вера", languageCode: "ru")
            for index in 0..<60 { await bot.emulator.sendText("/help \(index)", from: flooder) }
            await bot.emulator.sendText("/start", from: calm)
            let calmReply = try await bot.replies(to: calm, count: 1)
            #expect(calmReply.first?.text?.contains("Вера") == true)
            try await bot.settle()
            let flood = await bot.emulator.messages(in: flooder.chatID)
            // A burst of 20 is served, then exactly one notice, then silence
            #expect(flood.count == 21)
            #expect(flood.filter { $0.text?.contains("быстро") == true }.count == 1)
        }
    }
}

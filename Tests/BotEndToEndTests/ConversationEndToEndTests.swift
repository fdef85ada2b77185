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

            // When Anna opens the kit's QR code, the microgreens journey welcomes her
            await bot.emulator.sendText("/start mg-2026-0001", from: anna)
            var seen = try await bot.replies(to: anna, count: 2)
            #expect(seen[0].text?.contains("Согрето") == true)
            #expect(seen[1].buttons.flatMap { $0 }.first?.callbackData?.hasPrefix("s:o:") == true, "the zone is asked first")

            for command in ["/help", "/status", "/pause", "/resume", "/contact", "/settings"] {
                await bot.emulator.sendText(command, from: anna)
                seen = try await bot.replies(to: anna, count: seen.count + 1)
            }
            let texts = seen.compactMap(\.text)
            #expect(texts[2].contains("/status"))
            #expect(texts[3].contains("День 0 из 20"))
            #expect(texts[4].contains("паузе"))
            #expect(texts[5].contains("С возвращением"))
            #expect(texts[6].contains("@sogreto_care"))
            #expect(texts[7].contains("Настройки"))

            // Reset asks first, with buttons
            await bot.emulator.sendText("/reset", from: anna)
            seen = try await bot.replies(to: anna, count: seen.count + 1)
            let question = try #require(seen.last)
            #expect(question.buttons.flatMap { $0 }.count == 2)
            let yes = try #require(question.buttons.flatMap { $0 }.first?.callbackData)
            let queryID = await bot.emulator.pressButton(yes, on: question.messageID, from: anna)
            seen = try await bot.replies(to: anna, count: seen.count + 1)
            try await bot.settle()
            #expect(await bot.emulator.callbackAnswers(for: queryID).count == 1)
            let answered = await bot.emulator.messages(in: anna.chatID).first { $0.messageID == question.messageID }
            #expect(answered?.buttons.isEmpty == true, "the answered question keeps no buttons to press again")

            // The activation was recorded with its program and kit code
            let events = try await bot.runtime.database.events(userID: anna.id)
            #expect(events.first == AnalyticsEvent(kind: "activated", programID: "microgreens", detail: "mg-2026-0001"))
            #expect(events.map(\.kind).contains("reset"))
        }
    }

    @Test(arguments: ["ru", "en"])
    func plantingIsWalkedThroughWithButtonsAndAFreeTextAnswer(language: String) async throws {
        try await withBot { bot in
            let john = await bot.emulator.newUser(firstName: "John", languageCode: language)
            await bot.emulator.sendText("/start mg-1", from: john)
            _ = try await bot.replies(to: john, count: 1)
            try await bot.settle()
            var seen = await bot.emulator.messages(in: john.chatID)
            var answered = false
            // Press the first program button of each latest message until the wish step; answer
            // the question step with text that needs escaping.
            for _ in 0..<12 {
                let last = try #require(seen.last)
                let buttons = last.buttons.flatMap { $0 }
                if !answered, buttons.contains(where: { $0.callbackData?.hasPrefix("p:s:") == true }) {
                    await bot.emulator.sendText("Хочу <3 & покоя", from: john)
                    try await bot.settle()
                    seen = await bot.emulator.messages(in: john.chatID)
                    answered = true
                    #expect(seen.last?.text?.contains("Хочу <3 & покоя") == true, "the answer comes back intact")
                    continue
                }
                guard let next = buttons.first(where: { $0.callbackData?.hasPrefix("p:n:") == true }) ?? buttons.first,
                      let data = next.callbackData else { break }
                await bot.emulator.pressButton(data, on: last.messageID, from: john)
                try await bot.settle()
                seen = await bot.emulator.messages(in: john.chatID)
            }
            #expect(answered, "a question step was reached: \(seen.map { ($0.text ?? "").prefix(40) })")
            try await bot.settle()
            let log = await bot.emulator.requestLog()
            #expect(log.allSatisfy { $0.httpStatus == 200 }, "\(log.filter { $0.httpStatus != 200 }.map { $0.errorDescription ?? "" })")
        }
    }

    @Test func everythingElseAUserCanSendGetsAKindReplyOrSilence() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Анна", languageCode: "ru")
            await bot.emulator.sendText("/start", from: anna)
            _ = try await bot.replies(to: anna, count: 2) // the welcome, then the zone question
            try await bot.settle()

            let contents: [SimulatedContent] = [
                .sticker(emoji: "🌱"), .voice(duration: 3), .video(duration: 2), .videoNote(duration: 2),
                .location(latitude: 55.75, longitude: 37.62), .contact(phoneNumber: "+79990000000", firstName: "Мама"),
                .poll(question: "?", options: ["a", "b"]), .animation, .dice(emoji: "🎲"),
            ]
            for content in contents { await bot.emulator.send(content, from: anna) }
            await bot.emulator.sendDocument(Data("%PDF-1.4".utf8), fileName: "x.pdf", mimeType: "application/pdf", from: anna)
            await bot.emulator.sendText("просто текст", from: anna)
            let replies = try await bot.replies(to: anna, count: 2 + contents.count + 2)
            for reply in replies.dropFirst(2) {
                #expect((reply.text ?? "").count > 10)
            }

            // Edited messages get no reply; forged buttons are answered with a short notice
            let mine = await bot.emulator.sendText("опечатка", from: anna)
            try await bot.emulator.editText(messageID: mine, newText: "исправил", from: anna)
            let forged = await bot.emulator.pressButton("x:" + String(repeating: "я", count: 20), on: replies[0].messageID, from: anna)
            try await bot.settle()
            // "опечатка" itself is answered (nothing was asked); its edit and the forged button are not
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
            #expect(calmReply.first?.text?.contains("Согрето") == true)
            try await bot.settle()
            let flood = await bot.emulator.messages(in: flooder.chatID)
            // A burst of 20 is served, then exactly one notice, then silence
            #expect(flood.count == 21)
            #expect(flood.filter { $0.text?.contains("быстро") == true }.count == 1)
        }
    }
}

import Foundation
import Testing
import TelegramEmulator
@testable import Bot

/// Users who do not follow the script: they write to the team, type instead of tapping, and tap
/// old buttons. The real bot against the emulator.
@Suite(.serialized) struct OffTheHappyPathEndToEndTests {
    @Test func anEnglishAdminGetsTheContactNoteInEnglish() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(maxLongPollTimeout: 1))
        let anna = await emulator.newUser(firstName: "Анна", languageCode: "ru")
        let lead = await emulator.newUser(firstName: "Lead", languageCode: "en-GB")
        let team = await emulator.newUser(firstName: "Team", languageCode: "ru")
        let bot = try await BotHarness.start(emulator: emulator, adminIDs: [lead.id, team.id])
        do {
            // Given an admin whose Telegram speaks English has written to the bot once, and another never has
            await emulator.sendText("/help", from: lead)
            _ = try await bot.replies(to: lead, count: 1)
            // When Anna writes to the team
            await emulator.sendText("/start mg-1", from: anna)
            await emulator.sendText("/contact", from: anna)
            _ = try await bot.replies(to: anna, count: 2)
            await emulator.sendText("Ростки пожелтели", from: anna)
            // Then the English admin's note and its Reply button are in English, the other's in Russian
            let english = try #require(try await bot.replies(to: lead, count: 2).last)
            #expect(english.text?.contains("Message via /contact") == true)
            #expect(english.text?.contains("Ростки пожелтели") == true)
            #expect(english.buttons.flatMap { $0 }.first?.text == bot.runtime.strings.text("contact_reply_button", "en"))
            let russian = try #require(try await bot.replies(to: team, count: 1).first)
            #expect(russian.text?.contains("Сообщение через /contact") == true)
            #expect(russian.buttons.flatMap { $0 }.first?.text == bot.runtime.strings.text("contact_reply_button", "ru"))
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func contactReachesTheAdminsAndTheirReplyComesBack() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(maxLongPollTimeout: 1))
        let anna = await emulator.newUser(firstName: "Анна", languageCode: "ru")
        let team = await emulator.newUser(firstName: "Team", languageCode: "ru")
        let bot = try await BotHarness.start(emulator: emulator, adminIDs: [team.id])
        do {
            // Given Anna started and asked for a person
            await emulator.sendText("/start mg-1", from: anna)
            await emulator.sendText("/contact", from: anna)
            var seen = try await bot.replies(to: anna, count: 3) // the welcome, the zone question, /contact's prompt
            #expect(seen[2].buttons.flatMap { $0 }.map(\.callbackData) == ["ct:x"])
            // When she writes, she is thanked (not told that nothing is asked)
            await emulator.sendText("Ростки пожелтели", from: anna)
            seen = try await bot.replies(to: anna, count: 4)
            #expect(seen[3].text == bot.runtime.strings.text("contact_sent", "ru"))
            // And the admin gets her words, who she is, and a Reply button
            let forwarded = try #require(try await bot.replies(to: team, count: 1).first)
            let text = try #require(forwarded.text)
            for part in ["Ростки пожелтели", String(anna.id), "Анна", "mg-1"] { #expect(text.contains(part), "\(part)") }
            let reply = try #require(forwarded.buttons.flatMap { $0 }.first?.callbackData)
            // When the admin presses Reply and writes, Anna gets the answer through the bot
            await emulator.pressButton(reply, on: forwarded.messageID, from: team)
            _ = try await bot.replies(to: team, count: 2)
            await emulator.sendText("Переставьте лоток от батареи", from: team)
            seen = try await bot.replies(to: anna, count: 5)
            #expect(seen[4].text?.contains("Переставьте лоток от батареи") == true)
            #expect(try await bot.replies(to: team, count: 3).last?.text == bot.runtime.strings.text("contact_reply_sent", "ru"))
            // And a photo after /contact goes to the admin as a photo, not into the diary
            await emulator.sendText("/contact", from: anna)
            _ = try await bot.replies(to: anna, count: 6)
            try await emulator.sendPhoto(SproutPhotos.jpeg(day: 3), caption: "вот", from: anna)
            let photo = try #require(try await bot.replies(to: team, count: 4).last)
            #expect(photo.kind == .photo)
            #expect(photo.caption?.contains("вот") == true)
            // And a voice note reaches the admin as a file
            await emulator.sendText("/contact", from: anna)
            _ = try await bot.replies(to: anna, count: 8)
            await emulator.send(.voice(duration: 3), from: anna)
            let voice = try #require(try await bot.replies(to: team, count: 5).last)
            #expect(voice.kind == .document)
            #expect(voice.caption?.contains(String(anna.id)) == true)
            // All of it is kept, both directions
            try await bot.settle()
            let kept = try await bot.runtime.database.supportMessages(userID: anna.id)
            #expect(kept.map(\.direction) == [.fromUser, .toUser, .fromUser, .fromUser])
            #expect(kept.map(\.kind) == ["text", "text", "photo", "voice"])
            #expect(try await bot.runtime.database.photoCount(userID: anna.id) == 0)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func anEnglishUserTypesTheirCityAndTimeAndOldZoneButtonsDoNothing() async throws {
        try await withBot { bot in
            let lee = await bot.emulator.newUser(firstName: "Lee", languageCode: "en")
            await bot.emulator.sendText("/start", from: lee)
            let welcome = try #require(try await bot.replies(to: lee, count: 2).last) // the zone question under the welcome
            // The question offers a world list, no Continue above it
            let data = welcome.buttons.flatMap { $0 }.compactMap(\.callbackData)
            #expect(data.first == "s:o:Europe/London")
            #expect(!data.contains { $0.hasPrefix("p:") })
            // When Lee types a city, it is saved as that city and the time is asked
            await bot.emulator.sendText("Lisbon", from: lee)
            let asked = try #require(try await bot.replies(to: lee, count: 3).last)
            #expect(asked.text?.contains("Lisbon") == true)
            #expect(asked.text?.contains("Europe/") == false)
            // When Lee types a time, it is saved and the practice begins
            await bot.emulator.sendText("9:30", from: lee)
            _ = try await bot.replies(to: lee, count: 5)
            try await bot.settle()
            let record = try #require(try await bot.runtime.database.user(lee.id))
            #expect(record.timezone == "Europe/Lisbon")
            #expect(record.reminderMinute == 570)
            let count = await bot.emulator.messages(in: lee.chatID).count
            // When the welcome's London button is pressed later, nothing changes and nothing is sent
            let query = await bot.emulator.pressButton("s:o:Europe/London", on: welcome.messageID, from: lee)
            try await bot.settle()
            #expect(try await bot.runtime.database.user(lee.id)?.timezone == "Europe/Lisbon")
            #expect(await bot.emulator.messages(in: lee.chatID).count == count)
            #expect(await bot.emulator.callbackAnswers(for: query).first?.text == bot.runtime.strings.text("stale_button", "en"))
            // A forged button gets the same kind answer
            let forged = await bot.emulator.pressButton("s:o:../../etc", on: welcome.messageID, from: lee)
            try await bot.settle()
            #expect(await bot.emulator.callbackAnswers(for: forged).count == 1)
        }
    }

    @Test func backTurnsThePageInTheSameMessage() async throws {
        try await withBot { bot in
            let mira = await bot.emulator.newUser(firstName: "Мира", languageCode: "ru")
            await bot.emulator.sendText("/start", from: mira)
            let question = try #require(try await bot.replies(to: mira, count: 2).last)
            await bot.emulator.pressButton("s:os", on: question.messageID, from: mira)
            try await bot.settle()
            // Walk to the second step
            var shown = await bot.emulator.messages(in: mira.chatID)
            let first = try #require(shown.last)
            let next = try #require(first.buttons.flatMap { $0 }.compactMap(\.callbackData).first { $0.hasPrefix("p:n:") })
            await bot.emulator.pressButton(next, on: first.messageID, from: mira)
            try await bot.settle()
            shown = await bot.emulator.messages(in: mira.chatID)
            let second = try #require(shown.last)
            let back = try #require(second.buttons.flatMap { $0 }.compactMap(\.callbackData).first { $0.hasPrefix("p:b:") })
            // When Back is pressed, the same message shows the first step again: no new message
            await bot.emulator.pressButton(back, on: second.messageID, from: mira)
            try await bot.settle()
            let after = await bot.emulator.messages(in: mira.chatID)
            #expect(after.count == shown.count)
            let edited = try #require(after.first { $0.messageID == second.messageID })
            #expect(edited.text == first.text)
            #expect(edited.isEdited)
        }
    }

    @Test func anEditTelegramRefusesIsShownAsANewMessage() async throws {
        try await withBot { bot in
            let olga = await bot.emulator.newUser(firstName: "Ольга", languageCode: "ru")
            await bot.emulator.sendText("/help", from: olga)
            _ = try await bot.replies(to: olga, count: 1)
            // When the bot edits a message Telegram cannot edit (gone, too old, or a recording)
            try await bot.runtime.database.enqueue([.editText(messageID: 987_654, text: "<b>Шаг 1</b>", keyboard: nil)],
                                                   chatID: olga.chatID, priority: 0, now: Date())
            // Then the user sees the page anyway, as a new message
            let shown = try await bot.replies(to: olga, count: 2)
            #expect(shown[1].text == "Шаг 1")
        }
    }
}

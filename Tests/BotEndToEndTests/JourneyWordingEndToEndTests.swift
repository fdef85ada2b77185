import Foundation
import Testing
import TelegramEmulator
@testable import Bot
@testable import Program

/// What the bot says about where the user is and how to come back: the welcome and the zone
/// question as two short messages, /status never pointing to a day already past, and /stop's
/// goodbye naming the same way back as every "stopped" reply.
@Suite(.serialized) struct JourneyWordingEndToEndTests {
    /// The welcome, then the zone question with its buttons, each its own message: the question
    /// and its buttons fit a phone's first screen; pressing a zone goes on to the time.
    @Test(arguments: ["ru", "en"], ["mg-1", "bs-1"])
    func theWelcomeAndTheZoneQuestionAreTwoMessages(language: String, kit: String) async throws {
        try await withBot { bot in
            let user = await bot.emulator.newUser(firstName: "Mira", languageCode: language)
            await bot.emulator.sendText("/start \(kit)", from: user)
            _ = try await bot.replies(to: user, count: 2)
            try await bot.settle()
            let seen = await bot.emulator.messages(in: user.chatID)
            #expect(seen.count == 2, "\(seen.map(\.shown))")
            let welcome = try #require(seen.first)
            let question = try #require(seen.last)
            // The welcome stands alone, without buttons; the question carries the zones and Skip
            #expect(welcome.buttons.joined().isEmpty)
            #expect(welcome.shown.contains(language == "ru" ? "Согрето" : "Sogreto"))
            let zonePrompt = bot.runtime.strings.text("onboarding_zone", language, ["zone": ""])
            #expect(question.shown.hasPrefix(String(zonePrompt.prefix(20))), "\(question.shown)")
            #expect(!question.shown.contains(welcome.shown.prefix(30)))
            let data = question.buttons.joined().compactMap(\.callbackData)
            #expect(data.filter { $0.hasPrefix("s:o:") }.count >= 8 && data.last == "s:os", "\(data)")
            #expect(question.shown.count < 300 && welcome.shown.count < 600, "\(welcome.shown.count) + \(question.shown.count)")
            // When a zone is pressed, the question loses its buttons and the time is asked next
            let zone = try #require(data.first)
            await bot.emulator.pressButton(zone, on: question.messageID, from: user)
            _ = try await bot.replies(to: user, count: 3)
            try await bot.settle()
            let after = await bot.emulator.messages(in: user.chatID)
            #expect(after.first { $0.messageID == question.messageID }?.buttons.joined().isEmpty == true)
            #expect(after.last?.buttons.joined().contains { $0.callbackData?.hasPrefix("s:om:") == true } == true)
        }
    }

    /// On day 20 a user who never reached the themes is told where the choice waits, not "on day 8".
    @Test(arguments: ["ru", "en"])
    func statusNeverPointsToADayAlreadyPast(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            let strings = journey.catalog.strings(for: language)
            let onDayEight = strings.format(.themesNotChosen, ["day": "8"])
            // Day 0: the choice is still ahead, on day 8
            let early = try await journey.send("/status").map(\.shown).joined(separator: "\n")
            #expect(early.contains(onDayEight), "\(early)")
            // When twenty days pass without the user opening anything
            journey.clock.advance(by: 20 * 86_400)
            try await journey.bot.settle()
            let late = try await journey.send("/status").map(\.shown).joined(separator: "\n")
            // Then /status names day 20 and where the choice waits, and no past day
            #expect(late.contains(strings.format(.statusDay, ["day": "20", "total": "20"])), "\(late)")
            #expect(!late.contains(onDayEight), "\(late)")
            let stage = language == "ru" ? "Молодые листья" : "Baby leaf"
            #expect(late.contains(strings.format(.themesNotChosenLater, ["stage": stage])), "\(late)")
        }
    }

    /// /stop's goodbye, the stray-text reply while stopped and /pause's stray-text reply all name
    /// /resume, and /resume does bring the journey back.
    @Test(arguments: ["ru", "en"])
    func stopAndPauseNameTheCommandThatResumes(language: String) async throws {
        try await withBot { bot in
            let (user, count) = try await bot.startedUser("Mira", language: language)
            await bot.emulator.sendText("/stop", from: user)
            let goodbye = try #require(try await bot.replies(to: user, count: count + 1).last)
            #expect(goodbye.shown.contains("/resume") && !goodbye.shown.contains("/start"), "\(goodbye.shown)")
            #expect(goodbye.buttons.joined().compactMap(\.callbackData) == ["p:r"])
            await bot.emulator.sendText("hello", from: user)
            let stray = try #require(try await bot.replies(to: user, count: count + 2).last)
            #expect(stray.shown.contains("/resume"), "\(stray.shown)")
            await bot.emulator.sendText("/resume", from: user)
            _ = try await bot.replies(to: user, count: count + 3)
            try await bot.settle()
            #expect(try await bot.runtime.database.user(user.id)?.status == .active)
            await bot.emulator.sendText("/pause", from: user)
            _ = try await bot.replies(to: user, count: count + 4)
            await bot.emulator.sendText("hello", from: user)
            let paused = try #require(try await bot.replies(to: user, count: count + 5).last)
            #expect(paused.shown.contains("/resume"), "\(paused.shown)")
        }
    }

    /// The answer already chosen, pressed again on the latest message: a word on the button says
    /// so (the edit would show what is shown), never silence.
    @Test func theOptionAlreadyChosenPressedAgainSaysSo() async throws {
        try await JourneyDays.run(language: "ru") { journey in
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            _ = try await journey.live(days: 2.2)
            _ = try await journey.press("p:k") // the sprouts open with "what is under the lid?"
            let shown = try #require(await journey.messages.last { $0.buttons.joined().contains { $0.callbackData?.hasPrefix("p:c:") == true } })
            let option = try #require(shown.buttons.joined().compactMap(\.callbackData).first { $0.hasPrefix("p:c:") })
            _ = try await journey.press(option)
            let latest = try #require(await journey.messages.last)
            #expect(latest.buttons.joined().contains { $0.callbackData == option }, "the chosen step is the latest message")
            let count = await journey.messages.count
            let query = await journey.bot.emulator.pressButton(option, on: latest.messageID, from: journey.user)
            try await journey.bot.settle(idle: 0.1)
            #expect(await journey.bot.emulator.callbackAnswers(for: query).first?.text
                    == journey.bot.runtime.strings.text("already_chosen", "ru"))
            #expect(await journey.messages.count == count)
        }
    }
}

import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import Program

/// Micro-practices through the real bot on a moving clock: day 1's comes at the reminder time,
/// its question is answered by tapping "Answer" and typing (or ignored), the answer is kept
/// for the diary, and its button acts on its own day only.
@Suite(.serialized) struct MicroPracticeEndToEndTests {
    @Test func dayOnesMicroPracticeComesAloneAndItsAnswerIsKept() async throws {
        try await JourneyDays.run(language: "ru") { journey in
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            // When the next day comes (10:00 is the reminder time)
            let dayOne = try await journey.live(days: 1.2)
            // Then one message: the micro-practice with its question and "Answer", no nudge beside it
            #expect(dayOne.count == 1, "\(dayOne.map(\.shown))")
            let micro = try #require(dayOne.first)
            #expect(micro.shown.contains("Не подглядывай") && micro.shown.count < 400)
            #expect(micro.buttons.joined().compactMap(\.callbackData) == ["p:ra:guess"])

            // Typing without tapping is not taken as the answer (nothing was asked yet)
            try await journey.send("просто слово")
            #expect(try await journey.progress().reflections == nil)

            // When the user taps "Answer" and types a few words, they are kept
            let asked = try await journey.press("p:ra:guess")
            #expect(asked.last?.shown.contains("под крышкой завтра") == true)
            try await journey.send("Белые корешки")
            #expect(try await journey.progress().reflections == ["guess": "Белые корешки"])

            // On day 2 the sprouts open; the day-1 "Answer" no longer acts
            _ = try await journey.live(days: 1)
            let count = await journey.messages.count
            let late = await journey.bot.emulator.pressButton("p:ra:guess", on: micro.messageID, from: journey.user)
            try await journey.bot.settle(idle: 0.1)
            #expect(await journey.bot.emulator.callbackAnswers(for: late).first?.text
                    == journey.bot.runtime.strings.text("stale_button", "ru"))
            #expect(await journey.messages.count == count)
            #expect(try await journey.progress().reflections == ["guess": "Белые корешки"])
        }
    }
}

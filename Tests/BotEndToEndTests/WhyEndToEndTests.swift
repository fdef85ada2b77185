import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import Program

/// "Why?" under a practice step: the message turns into the step with its explanation, in
/// place; a second press, a press on a step already passed, or a typed word change nothing.
@Suite(.serialized) struct WhyEndToEndTests {
    /// Presses Continue, Skip or Next until a message offers `data`.
    func reach(_ data: String, _ journey: JourneyDays) async throws -> BotMessage {
        for _ in 0..<30 {
            let all = await journey.messages
            if let found = all.last(where: { $0.buttons.joined().contains { isButton($0.callbackData, data) } }) { return found }
            let buttons = all.last { !$0.buttons.isEmpty }?.buttons.joined().compactMap(\.callbackData) ?? []
            guard let next = buttons.first(where: { $0 == "s:os" || $0 == "p:k" || $0.hasPrefix("p:n:") || $0.hasPrefix("p:s:") })
            else { throw JourneyFailure("no way to \(data) from \(buttons)") }
            try await journey.press(next)
        }
        throw JourneyFailure("\(data) never came")
    }

    @Test(arguments: ["ru", "en"])
    func whyTurnsTheStepIntoItsExplanationOnceAndOldPressesChangeNothing(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            try await journey.send("/start mg-1")
            // Given the sowing step, short, with a "Why?" button
            let sowing = try await reach("p:wy:planting.1", journey)
            let whyButton = try #require(sowing.buttons.joined().first { isButton($0.callbackData, "p:wy:planting.1") })
            let why = try #require(whyButton.callbackData)
            let label = whyButton.text
            #expect(label == (language == "ru" ? "Почему так?" : "Why?"))
            #expect(sowing.shown.count < 500, "\(sowing.shown.count) characters")
            let count = await journey.messages.count

            // When the user presses it, the same message now explains, and no message is added
            let query = await journey.bot.emulator.pressButton(why, on: sowing.messageID, from: journey.user)
            try await journey.bot.settle(idle: 0.1)
            let explained = try #require(await journey.messages.first { $0.messageID == sowing.messageID })
            #expect(await journey.messages.count == count)
            #expect(explained.shown.contains(language == "ru" ? "фунгицид" : "fungicide"), "\(explained.shown)")
            #expect(explained.shown.hasPrefix(sowing.shown.components(separatedBy: "\n\n").first ?? "-"))
            let data = explained.buttons.joined().compactMap(\.callbackData)
            #expect(!data.contains { isButton($0, "p:wy:planting.1") } && data.contains("p:n:planting.1"))
            #expect(await journey.bot.emulator.callbackAnswers(for: query).first?.text == nil)

            // When the old "Why?" is pressed again on that message (a slow client), only "already done"
            let again = await journey.bot.emulator.pressButton(why, on: sowing.messageID, from: journey.user)
            try await journey.bot.settle(idle: 0.1)
            let stale = journey.bot.runtime.strings.text("stale_button", language)
            #expect(await journey.bot.emulator.callbackAnswers(for: again).first?.text == stale)
            #expect(await journey.messages.count == count)

            // When the user types instead of tapping, the step stays and the usual answer comes
            let before = try await journey.progress()
            try await journey.send(language == "ru" ? "зачем?" : "why though")
            #expect(try await journey.progress().position == before.position)

            // When the user moves on twice, the watering step's "Why?" (never pressed) is stale
            try await journey.press("p:n:planting.1")
            let watering = try #require(await journey.messages.last { $0.buttons.joined().contains { isButton($0.callbackData, "p:wy:planting.2") } })
            let wateringWhy = try #require(watering.buttons.joined().compactMap(\.callbackData).first { isButton($0, "p:wy:planting.2") })
            try await journey.press("p:n:planting.2")
            let moved = try await journey.progress()
            let total = await journey.messages.count
            let late = await journey.bot.emulator.pressButton(wateringWhy, on: watering.messageID, from: journey.user)
            try await journey.bot.settle(idle: 0.1)
            #expect(await journey.bot.emulator.callbackAnswers(for: late).first?.text == stale)
            #expect(await journey.messages.count == total)
            #expect(try await journey.progress() == moved)
            #expect(await journey.messages.first { $0.messageID == watering.messageID }?.shown == watering.shown)
        }
    }
}

/// "Why?" under a daily theme, through the real bot: in place, once; the theme's question
/// still takes typed words.
@Suite(.serialized) struct ThemeWhyEndToEndTests {
    @Test func aThemesWhyExplainsInPlaceAndTheReflectionIsKept() async throws {
        try await JourneyDays.run(language: "en") { journey in
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            // Walk on (answers typed, first options, default themes) until a theme offers "Why?"
            var theme: BotMessage?
            var chose = false
            for _ in 0..<150 where theme == nil {
                let latest = await journey.messages.last
                let data = latest?.buttons.joined().compactMap(\.callbackData) ?? []
                func has(_ prefix: String) -> String? { data.first { $0.hasPrefix(prefix) } }
                if has("p:wt:") != nil { theme = latest; break }
                if !chose, let choice = has("p:c:sprouts.0.cracked") {
                    chose = true
                    try await journey.press(choice)
                } else if let press = has("p:tx") ?? has("p:h:") ?? has("p:n:") ?? has("p:s:") ?? has("p:k") {
                    try await journey.press(press)
                } else {
                    journey.clock.advance(by: 86_400)
                    try await journey.send("/continue")
                }
            }
            let tail = await journey.messages.suffix(3).map { "\($0.shown.prefix(80)) \($0.buttons.joined().compactMap(\.callbackData))" }
            let position = try await journey.progress().position
            let shown = try #require(theme, "stuck at: \(tail) \(position)")
            let data = try #require(shown.buttons.joined().compactMap(\.callbackData).first { $0.hasPrefix("p:wt:") })
            let count = await journey.messages.count
            let query = await journey.bot.emulator.pressButton(data, on: shown.messageID, from: journey.user)
            try await journey.bot.settle(idle: 0.1)
            let explained = try #require(await journey.messages.first { $0.messageID == shown.messageID })
            #expect(await journey.messages.count == count && explained.shown.count > shown.shown.count)
            #expect(!explained.buttons.joined().contains { $0.callbackData == data })
            #expect(await journey.bot.emulator.callbackAnswers(for: query).first?.text == nil)
            // Pressed again on the same message: only "already done"
            let again = await journey.bot.emulator.pressButton(data, on: shown.messageID, from: journey.user)
            try await journey.bot.settle(idle: 0.1)
            #expect(await journey.bot.emulator.callbackAnswers(for: again).first?.text == journey.bot.runtime.strings.text("stale_button", "en"))
            // The theme's question takes typed words
            try await journey.send("my morning tea")
            #expect(try await journey.progress().reflections?.values.contains("my morning tea") == true)
        }
    }
}

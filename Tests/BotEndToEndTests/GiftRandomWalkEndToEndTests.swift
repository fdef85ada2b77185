import Foundation
import Program
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// A gifted friend who does everything but follow the path: skips, types at random, presses old
/// buttons (their own and the gift's), opens the gift link again, sends /gift and /start. The bot
/// never apologises for an error, never takes the friend off the gifted journey, and the gifter
/// hears at most once, exactly once after the friend planted.
@Suite(.serialized) struct GiftRandomWalkEndToEndTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: [(UInt64(7), "ru"), (UInt64(2026), "en")])
    func aWanderingFriendKeepsTheGiftAndTheGifterHearsOnce(seed: UInt64, language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            let bot = journey.bot
            let strings = bot.runtime.strings
            var random = SplitMix(state: seed)
            // Given a gift of basil, opened by a friend
            try await journey.send("/gift")
            let ready = try #require(try await journey.press("gf:p:basil").last)
            let invite = try #require(GiftEndToEndTests.invite(in: ready))
            let code = GiftEndToEndTests.code(of: invite)
            let friend = await bot.emulator.newUser(firstName: "Лея", languageCode: language)
            _ = try await GiftEndToEndTests.send(code, from: friend, bot: bot)
            let wanderer = JourneyDays(bot: bot, clock: journey.clock, user: friend)
            let texts = ["привет", "что дальше?", "🌱", "/start gift-\(code)", "/start gift-\(code)x", "/gift", "/start",
                         "/continue", "/status", "/skipweek", "ok", String(repeating: "а", count: 300)]
            // When they wander: 40 random moves, now and then a day passing
            for _ in 0..<40 {
                let all = await wanderer.messages
                let pressable = all.flatMap { message in message.buttons.joined().compactMap(\.callbackData).map { (message.messageID, $0) } }
                switch Int(random.next(upperBound: UInt64(10))) {
                case 0...3 where !pressable.isEmpty:
                    let (messageID, data) = pressable[Int(random.next(upperBound: UInt64(pressable.count)))]
                    await bot.emulator.pressButton(data, on: messageID, from: friend)
                case 4...7:
                    await bot.emulator.sendText(texts[Int(random.next(upperBound: UInt64(texts.count)))], from: friend)
                case 8:
                    journey.clock.advance(by: 86_400)
                    await bot.emulator.sendText("/continue", from: friend)
                default:
                    try await wanderer.completePlanting()
                }
                try await bot.settle(idle: 0.05)
                // Then, after every move: no apology, still the gifted basil journey, at most one word to the gifter
                #expect(await !wanderer.messages.contains { $0.shown == strings.text("error", language) })
                #expect(try await wanderer.progress().programID == "basil")
                let heard = await journey.messages.filter { $0.shown == strings.text("gift_friend_planted", language) }.count
                #expect(heard <= 1)
            }
            // And once planting is done, the gifter has heard exactly once
            try await wanderer.completePlanting()
            try await bot.settle()
            #expect(await journey.messages.filter { $0.shown == strings.text("gift_friend_planted", language) }.count == 1)
            #expect(try await bot.runtime.database.giftInvite(code)?.uses == 1)
        }
    }
}

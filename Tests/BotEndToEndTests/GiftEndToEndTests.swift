import Foundation
import Program
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// Gifting seeds through the real bot and the emulator, with several simulated people: the
/// gifter makes an invite and shares it; a friend opens it and starts the chosen journey; a
/// reused, expired, unknown or forged link gets a kind word and the ordinary start; someone
/// mid-journey keeps their journey; the gifter hears once when the friend plants.
@Suite(.serialized) struct GiftEndToEndTests {
    @Test(arguments: ["ru", "en"])
    func aFriendStartsOnTheGiftAndTheGifterHearsOnceWhenTheyPlant(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            let bot = journey.bot
            let strings = bot.runtime.strings
            func text(_ key: String) -> String { strings.text(key, language) }
            let basil = try #require(try StatsEndToEndTests.catalog().program(id: "basil")?.texts[language]?.title)

            // Given a gifter who asks to gift seeds and picks basil
            let choice = try await journey.send("/gift")
            #expect(choice.last?.shown.contains(language == "ru" ? "Подарить семена другу" : "Gift seeds to a friend") == true)
            #expect(choice.last?.buttons.joined().compactMap(\.callbackData) == ["gf:p:basil", "gf:p:microgreens", "gf:t"])
            let chosen = try await journey.press("gf:p:basil")
            let ready = try #require(chosen.last)
            #expect(ready.shown.contains(basil))
            let invite = try #require(Self.invite(in: ready))
            #expect(invite.hasPrefix("https://t.me/\(bot.emulator.configuration.botUsername)?start=gift-"))
            let code = Self.code(of: invite)
            #expect(ready.shown.contains(invite), "the link can be copied from the text too")

            // The choice is made once: pressing it again is "already done" and makes no second invite
            let choiceMessage = try #require(choice.last)
            let again = await bot.emulator.pressButton("gf:p:basil", on: choiceMessage.messageID, from: journey.user)
            try await bot.settle(idle: 0.1)
            #expect(await bot.emulator.callbackAnswers(for: again).first?.text == text("stale_button"))
            #expect(try await bot.runtime.database.giftInvites(gifterID: journey.user.id).count == 1)

            // When a friend opens the link
            let friend = await bot.emulator.newUser(firstName: "Лея", languageCode: language)
            let welcome = try await Self.send(code, from: friend, bot: bot)
            // Then their basil journey begins with a word that a friend gave it (no name), and the usual onboarding
            let gifted = try #require(welcome.first)
            #expect(gifted.shown.contains(basil) && gifted.shown.contains("🎁"))
            #expect(!gifted.shown.contains(journey.user.firstName))
            let friendJourney = JourneyDays(bot: bot, clock: journey.clock, user: friend)
            #expect(try await friendJourney.progress().programID == "basil")
            #expect(welcome.contains { $0.shown.contains(text("onboarding_zone").prefix(12)) })

            // And a second friend opening the same link is told kindly it was used, and starts as without one
            let late = await bot.emulator.newUser(firstName: "Ян", languageCode: language)
            let refused = try await Self.send(code, from: late, bot: bot)
            #expect(refused.first?.shown == text("gift_used"))
            #expect(try await JourneyDays(bot: bot, clock: journey.clock, user: late).progress().programID == "microgreens")

            // When the friend completes planting
            try await friendJourney.send("/continue")
            try await friendJourney.completePlanting()
            try await friendJourney.send("/status")
            try await bot.settle()
            // Then the gifter hears it once, in their language, and nothing the friend wrote
            let heard = await journey.messages.filter { $0.shown == text("gift_friend_planted") }
            #expect(heard.count == 1)
            #expect(await !journey.messages.contains { $0.shown.contains(friendJourney.answer) })
            // The funnel counts the invite through planting, and the friend is in the gifted cohort
            let funnel = try await bot.runtime.database.funnelReport()
            #expect(funnel.gifts.total == GiftFunnel.Row(group: "all", sent: 1, opened: 2, started: 1, planted: 1, completed: 0)
                    || funnel.gifts.total == GiftFunnel.Row(group: "all", sent: 1, opened: 1, started: 1, planted: 1, completed: 0))
            #expect(funnel.byOrigin.first { $0.group == "gifted" }?.seen == 1)

            // The gifter's export lists the link they made (valid against the schema), not who used it
            await bot.emulator.sendText("/export", from: journey.user)
            let document = try await eventualValue(within: .seconds(30)) { await journey.messages.last { $0.kind == .document } }
            let fileID = try #require(document?.fileID)
            let zip = bot.dataDirectory.appendingPathComponent("gift-export.zip")
            try #require(await bot.emulator.file(id: fileID)).data.write(to: zip)
            let check = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/python3"), [
                repositoryRoot.appendingPathComponent("scripts/check-export.py").path, zip.path,
                repositoryRoot.appendingPathComponent("assets/export.schema.json").path, "\"code\": \"\(code)\"",
            ])
            #expect(check.status == 0, "\(check.output)\(check.errorOutput)")
        }
    }

    @Test func ownForgedAndUnknownLinksGetAKindWordAndSomeoneMidJourneyKeepsTheirs() async throws {
        try await JourneyDays.run(language: "en") { journey in
            let bot = journey.bot
            func text(_ key: String) -> String { bot.runtime.strings.text(key, "en") }
            try await journey.send("/start mg-1")
            try await journey.send("/gift")
            let tasteReady = try #require(try await journey.press("gf:t").last)
            let invite = try #require(Self.invite(in: tasteReady))
            let code = Self.code(of: invite)

            // The gifter's own link: a word, and their journey goes on
            let own = try await journey.send("/start gift-\(code)")
            #expect(own.first?.shown == text("gift_own_link"))
            #expect(try await journey.progress().programID == "microgreens")

            // Forged, mangled or unknown codes: a kind word, then the ordinary welcome
            for forged in ["gift-", "gift-zzzz", "gift-abcdefghjkmn", "gift-ABC!!", "GIFT-\(code)x", "gift-\(code.uppercased())"] {
                let stranger = await bot.emulator.newUser(firstName: "Stranger", languageCode: "en")
                await bot.emulator.sendText("/start \(forged)", from: stranger)
                try await bot.settle(idle: 0.1)
                let replies = await bot.emulator.messages(in: stranger.chatID)
                #expect(replies.first?.shown == text("gift_unknown"), "\(forged)")
                #expect(try await JourneyDays(bot: bot, clock: journey.clock, user: stranger).progress().programID == "microgreens")
            }

            // Someone in the middle of a journey keeps it, and the invite stays unused
            let busy = await bot.emulator.newUser(firstName: "Busy", languageCode: "en")
            let busyJourney = JourneyDays(bot: bot, clock: journey.clock, user: busy)
            try await busyJourney.send("/start bs-7")
            let before = try await busyJourney.progress()
            let midway = try await busyJourney.send("/start gift-\(code)")
            #expect(midway.contains { $0.shown == text("gift_mid_journey") }, "\(midway.map(\.shown))")
            let after = try await busyJourney.progress()
            #expect(after.programID == "basil" && after.startedAt == before.startedAt)
            #expect(try await bot.runtime.database.giftInvite(code)?.uses == 0)
            // A link that no longer works, opened mid-journey: no "begin here", the journey goes on
            let spent = try await busyJourney.send("/start gift-abcdefghjkmn")
            #expect(spent.contains { $0.shown == text("gift_link_spent_mid_journey") }, "\(spent.map(\.shown))")
            #expect(try await busyJourney.progress().startedAt == before.startedAt)

            // A taste starts the first days without a kit (no shop configured: no link, still kind)
            let taster = await bot.emulator.newUser(firstName: "Taster", languageCode: "en")
            let taste = try await Self.send(code, from: taster, bot: bot)
            let stages = ProgramEngine(catalog: try StatsEndToEndTests.catalog()).tasteStageTitles(locale: "en").joined(separator: ", ")
            #expect(taste.first?.shown.contains(bot.runtime.strings.text("gift_taste_no_shop", "en", ["stages": stages])) == true)
            #expect(taste.first?.buttons.isEmpty == true)
            #expect(try await JourneyDays(bot: bot, clock: journey.clock, user: taster).progress().programID == "microgreens")
        }
    }

    @Test func theGifterHearsOnceAcrossARestartAndAFriendWhoStartsOver() async throws {
        let journey = try await JourneyDays.start(language: "en")
        var bot = journey.bot
        do {
            func heard() async -> Int {
                await bot.emulator.messages(in: journey.user.chatID).filter { $0.shown == bot.runtime.strings.text("gift_friend_planted", "en") }.count
            }
            // Given a friend who started on a gift and planted, the gifter told once
            try await journey.send("/gift")
            let ready = try #require(try await journey.press("gf:p:microgreens").last)
            let invite = try #require(Self.invite(in: ready))
            let friend = await bot.emulator.newUser(firstName: "Leah", languageCode: "en")
            _ = try await Self.send(Self.code(of: invite), from: friend, bot: bot)
            try await JourneyDays(bot: bot, clock: journey.clock, user: friend).send("/continue")
            try await JourneyDays(bot: bot, clock: journey.clock, user: friend).completePlanting()
            try await bot.settle()
            #expect(await heard() == 1)
            // When the bot restarts on the same data, and the friend starts over and plants again
            await bot.stop(emulatorToo: false)
            bot = try await BotHarness.start(emulator: journey.bot.emulator, dataDirectory: journey.bot.dataDirectory, clock: journey.clock)
            let again = JourneyDays(bot: bot, clock: journey.clock, user: friend)
            try await again.send("/reset")
            try await again.press("p:y")
            try await again.send("/continue")
            try await again.completePlanting()
            try await bot.settle()
            // Then the gifter still heard it once
            #expect(try await again.progress().stagesCompleted["planting"] != nil)
            #expect(await heard() == 1)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func anInvitePastItsDaysGetsAKindWordAndTheOrdinaryStart() async throws {
        try await JourneyDays.run(language: "ru") { journey in
            let bot = journey.bot
            // Given an invite made 31 days ago (they last 30)
            try await journey.send("/gift")
            let ready = try #require(try await journey.press("gf:p:microgreens").last)
            #expect(ready.shown.contains("30"))
            let invite = try #require(Self.invite(in: ready))
            journey.clock.advance(by: 31 * 86_400)
            // When a friend opens it
            let late = await bot.emulator.newUser(firstName: "Ян", languageCode: "ru")
            let expired = try await Self.send(Self.code(of: invite), from: late, bot: bot)
            // Then a kind word, and the ordinary start
            #expect(expired.first?.shown == bot.runtime.strings.text("gift_expired", "ru"))
            #expect(try await JourneyDays(bot: bot, clock: journey.clock, user: late).progress().programID == "microgreens")
            #expect(try await bot.runtime.database.giftInvite(Self.code(of: invite))?.uses == 0)
        }
    }

    @Test(arguments: ["ru", "en"])
    func aGifterWithTooManyOpenLinksIsToldKindlyAndCanGiftAgainOnceOneIsUsed(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            let bot = journey.bot
            let limit = GiftSettings().maxOpenInvites
            // Given a gifter who made as many links as may be open at once
            var invites: [String] = []
            for _ in 0..<limit {
                try await journey.send("/gift")
                let ready = try #require(try await journey.press("gf:p:microgreens").last)
                invites.append(try #require(Self.invite(in: ready)))
            }
            // When they ask for one more
            try await journey.send("/gift")
            let refused = try await journey.press("gf:t")
            // Then a kind word, and no new link
            #expect(refused.map(\.shown) == [bot.runtime.strings.text("gift_limit", language, ["count": String(limit)])])
            #expect(try await bot.runtime.database.giftInvites(gifterID: journey.user.id).count == limit)
            // Once a friend uses one, a new link can be made
            let friend = await bot.emulator.newUser(firstName: "Лея", languageCode: language)
            _ = try await Self.send(Self.code(of: invites[0]), from: friend, bot: bot)
            try await journey.send("/gift")
            let again = try #require(try await journey.press("gf:t").last)
            #expect(Self.invite(in: again) != nil)
            #expect(try await bot.runtime.database.giftInvites(gifterID: journey.user.id).count == limit + 1)
        }
    }

    @Test func aTasteLinksToTheShopWhenOneIsConfigured() async throws {
        let bot = try await BotHarness.start(environment: ["SOGRETO_SHOP_URL": "https://shop.example.org/kits"])
        do {
            let gifter = await bot.emulator.newUser(firstName: "Вера", languageCode: "ru")
            await bot.emulator.sendText("/gift", from: gifter)
            let choice = try #require(try await bot.replies(to: gifter, count: 1).last)
            await bot.emulator.pressButton("gf:t", on: choice.messageID, from: gifter)
            let ready = try #require(try await bot.replies(to: gifter, count: 2).last)
            let invite = try #require(Self.invite(in: ready))
            let friend = await bot.emulator.newUser(firstName: "Лея", languageCode: "ru")
            let welcome = try await Self.send(Self.code(of: invite), from: friend, bot: bot)
            let stages = ProgramEngine(catalog: try StatsEndToEndTests.catalog()).tasteStageTitles(locale: "ru").joined(separator: ", ")
            #expect(welcome.first?.shown.contains(bot.runtime.strings.text("gift_taste", "ru", ["stages": stages])) == true)
            #expect(welcome.first?.buttons.joined().map(\.url) == ["https://shop.example.org/kits"])
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    /// The invite inside the share button's URL (`https://t.me/share/url?url=<invite>&text=…`).
    static func invite(in message: BotMessage) -> String? {
        guard let share = message.buttons.joined().compactMap(\.url).first,
              let components = URLComponents(string: share), share.hasPrefix("https://t.me/share/url?") else { return nil }
        return components.queryItems?.first { $0.name == "url" }?.value
    }

    /// The code of an invite link (`…?start=gift-<code>`).
    static func code(of invite: String) -> String {
        String(invite.split(separator: "=").last?.dropFirst(GiftCode.payloadPrefix.count) ?? "")
    }

    /// Sends `/start gift-<code>` from `user` and returns what the bot answered once it is quiet.
    static func send(_ code: String, from user: SimulatedUser, bot: BotHarness) async throws -> [BotMessage] {
        let before = await bot.emulator.messages(in: user.chatID).count
        await bot.emulator.sendText("/start gift-\(code)", from: user)
        try await bot.settle(idle: 0.1)
        return Array(await bot.emulator.messages(in: user.chatID).dropFirst(before))
    }
}

import Foundation
import Program
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// "A taste" through the real bot and the emulator: a friend without a kit walks the first days
/// the program's data gives a taste (`"taste"` in program.json), then hears a kind invitation with
/// the shop link, gets no later stage, reminder or nudge, and a kit code typed later continues the
/// same journey with everything they did.
@Suite(.serialized) struct TasteEndToEndTests {
    static let shop = "https://shop.example.org/kits"

    @Test(arguments: ["ru", "en"])
    func aTasteGivesTheFirstDaysThenAnInvitationAndAKitCodeContinuesIt(language: String) async throws {
        let clock = ShiftedClock()
        let bot = try await BotHarness.start(clock: clock, environment: ["SOGRETO_SHOP_URL": Self.shop])
        do {
            let strings = bot.runtime.strings
            let program = try #require(try StatsEndToEndTests.catalog().program(id: "microgreens"))
            let taste = try #require(program.taste)
            let tasteStages = program.stages.prefix { $0.id != taste.throughStage }.map(\.id) + [taste.throughStage]
            let titles = tasteStages.compactMap { program.texts[language]?.stages[$0]?.title }.joined(separator: ", ")
            // Given a gifter's taste link, opened by a friend without a kit
            let gifter = await bot.emulator.newUser(firstName: "Вера", languageCode: language)
            await bot.emulator.sendText("/gift", from: gifter)
            let choice = try #require(try await bot.replies(to: gifter, count: 1).last)
            await bot.emulator.pressButton("gf:t", on: choice.messageID, from: gifter)
            let ready = try #require(try await bot.replies(to: gifter, count: 2).last)
            let invite = try #require(GiftEndToEndTests.invite(in: ready))
            let friend = await bot.emulator.newUser(firstName: "Лея", languageCode: language)
            let welcome = try await GiftEndToEndTests.send(GiftEndToEndTests.code(of: invite), from: friend, bot: bot)
            // Then the welcome names the days the taste gives (from the program's data), with the shop's button
            #expect(welcome.first?.shown.contains(strings.text("gift_taste", language, ["stages": titles])) == true)
            #expect(welcome.first?.buttons.joined().map(\.url) == [Self.shop])
            var journey = JourneyDays(bot: bot, clock: clock, user: friend)
            journey.answer = "Запах земли"
            #expect(try await journey.progress().taste == true)

            // When the friend walks the taste's stages
            try await Self.walk(journey, until: taste.throughStage)
            // Then a kind invitation comes with the shop link, and nothing past the taste opened
            let over = strings.text("gift_taste_over", language, ["stages": titles])
            let invitation = try #require(await journey.messages.last { $0.shown == over })
            #expect(invitation.buttons.joined().map(\.url) == [Self.shop])
            let ended = try await journey.progress()
            #expect(Set(ended.stagesStarted.keys) == Set(tasteStages))
            // And no reminder of a later stage, micro-practice or nudge is planned, nor comes in ten days
            #expect(try await journey.pendingJobs().isEmpty)
            let before = await journey.messages.count
            _ = try await journey.live(days: 10)
            #expect(await journey.messages.count == before)
            // Asking to go on brings the invitation again, not the next stage
            let again = try await journey.send("/continue")
            #expect(again.map(\.shown) == [over])
            #expect(try await journey.progress().stagesStarted.keys.count == tasteStages.count)
            // and /status says where they are, without "all stages are open", the invitation under it
            let status = try await journey.send("/status")
            #expect(status.last?.shown == over && status.count == 2, "\(status.map(\.shown))")
            let noNext = try StatsEndToEndTests.catalog().strings(for: language)[.statusNoNext]
            #expect(status.first?.shown.contains(noNext) == false && status.first?.buttons.isEmpty == true)

            // When a kit code is typed later
            let entered = try await journey.send("mg-2026-0042")
            // Then the same journey goes on as the whole program, keeping what the friend did
            #expect(entered.first?.shown == strings.text("gift_taste_kit_entered", language))
            let whole = try await journey.progress()
            #expect(whole.taste == nil && whole.kitCode == "mg-2026-0042")
            #expect(whole.startedAt == ended.startedAt && whole.answers == ended.answers)
            #expect(whole.stagesCompleted.keys.contains(taste.throughStage) && whole.collection == ended.collection)
            let next = program.stages[try #require(program.tasteEndIndex) + 1]
            #expect(whole.stagesStarted[next.id] != nil, "the stage after the taste opens (its day has come)")
            #expect(try await journey.pendingJobs().isEmpty == false, "reminders are planned again")
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    /// Walks as a person would (words when asked, the first option, Next), living through a day
    /// whenever the next stage is not open, until `stage` is complete.
    static func walk(_ journey: JourneyDays, until stage: String, maxSteps: Int = 80) async throws {
        var answered: [TextExpectation] = []
        var chosenOn: Set<Int> = []
        for _ in 0..<maxSteps {
            let progress = try await journey.progress()
            if progress.stagesCompleted[stage] != nil { return }
            if let expected = progress.awaitingText, !answered.contains(expected) {
                answered.append(expected)
                try await journey.send(journey.answer)
                continue
            }
            let latest = await journey.messages.last
            let data = latest?.buttons.joined().compactMap(\.callbackData) ?? []
            func has(_ prefix: String) -> String? { data.first { $0.hasPrefix(prefix) } }
            let choice = latest.flatMap { chosenOn.contains($0.messageID) ? nil : has("p:c:") }
            if let choice, let latest {
                chosenOn.insert(latest.messageID)
                try await journey.press(choice)
            } else if let press = has("p:n:") ?? has("p:k") {
                try await journey.press(press)
            } else {
                journey.clock.advance(by: 86_400)
                try await journey.send("/continue")
            }
        }
        let last = await journey.messages.suffix(3).map { "\($0.shown.prefix(80)) \($0.buttons.joined().compactMap(\.callbackData))" }
        throw JourneyFailure("stage \(stage) not complete after \(maxSteps) steps: \(try await journey.progress().position), \(last)")
    }
}

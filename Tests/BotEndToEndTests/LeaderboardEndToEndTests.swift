import Foundation
import Program
import Testing
import TelegramEmulator
@testable import Bot

/// The opt-in board through the real bot and the emulator: off by default (no command, not in
/// the menu); when on, people of one start week join and leave with its buttons, and what each
/// of them is sent holds counts only, never another person's name or id.
@Suite(.serialized) struct LeaderboardEndToEndTests {
    static func start(leaderboard: Bool) async throws -> (BotHarness, ShiftedClock) {
        let clock = ShiftedClock()
        let bot = try await BotHarness.start(clock: clock, environment: leaderboard ? ["SOGRETO_LEADERBOARD": "on"] : [:])
        return (bot, clock)
    }

    @Test func offByDefaultThereIsNoBoardAndNoCommandInTheMenu() async throws {
        let (bot, clock) = try await Self.start(leaderboard: false)
        defer { Task { await bot.stop() } }
        let anna = JourneyDays(bot: bot, clock: clock, user: await bot.emulator.newUser(firstName: "Анна", languageCode: "ru"))
        try await anna.send("/start mg-1")
        let reply = try await anna.send("/leaderboard").map(\.shown)
        #expect(reply == [bot.runtime.strings.text("unknown_command", "ru")])
        #expect(!(await bot.emulator.commands(languageCode: "ru").map(\.command)).contains("leaderboard"))
        #expect(try await bot.runtime.database.leaderboardCohort(userID: anna.user.id) == nil)
    }

    @Test func peopleOfOneStartWeekJoinSeeCountsOnlyAndLeave() async throws {
        let (bot, clock) = try await Self.start(leaderboard: true)
        do {
            try await walk(bot: bot, clock: clock)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    func walk(bot: BotHarness, clock: ShiftedClock) async throws {
        let strings = bot.runtime.strings
        #expect(await bot.emulator.commands(languageCode: "en").map(\.command).contains("leaderboard"))
        // Given three people who started this week; two plant (a day of practice), one does not
        var people: [JourneyDays] = []
        for (name, language) in [("Алиса", "ru"), ("Boris", "en"), ("Вера", "ru")] {
            let person = JourneyDays(bot: bot, clock: clock, user: await bot.emulator.newUser(firstName: name, languageCode: language))
            try await person.send("/start mg-2026-\(name.count)")
            people.append(person)
        }
        let (alice, boris, vera) = (people[0], people[1], people[2])
        try await alice.completePlanting()
        try await boris.completePlanting()

        // When Алиса asks for the board, she is invited, not enrolled
        let invitation = try await alice.send("/leaderboard")
        #expect(invitation.last?.shown.contains("Эта неделя вместе") == true, "\(invitation.map(\.shown))")
        #expect(try await bot.runtime.database.leaderboardCohort(userID: alice.user.id) == nil)
        // She joins: nobody else yet
        let alone = try await alice.press("lb:join").map(\.shown).joined()
        #expect(alone.contains("пока никто не присоединился") && alone.contains("1 день · ты"), "\(alone)")
        #expect(await alice.messages.first { $0.shown == invitation.last?.shown }?.buttons.isEmpty == true, "Join acts once")

        // Boris joins in English; Вера never does
        try await boris.send("/leaderboard")
        let board = try await boris.press("lb:join").map(\.shown).joined()
        #expect(board.contains("You and 1 other who started the week of"), "\(board)")
        #expect(board.contains("1 day · you and 1 other"), "\(board)")
        let aliceBoard = try await alice.send("/leaderboard").map(\.shown).joined()
        #expect(aliceBoard.contains("Ты и ещё 1 человек") && aliceBoard.contains("1 день · ты и ещё 1 человек"), "\(aliceBoard)")

        // Nobody is ever sent another person's name or id
        for person in people {
            let others = people.filter { $0.user.id != person.user.id }
            for message in await person.messages {
                for other in others {
                    #expect(!message.shown.contains(other.user.firstName) && !message.shown.contains(String(other.user.id)),
                            "\(person.user.firstName) was shown \(other.user.firstName): \(message.shown)")
                }
            }
        }
        #expect(try await bot.runtime.database.leaderboardCohort(userID: vera.user.id) == nil, "nobody is enrolled unasked")

        // When Boris leaves, Алиса is alone again, and his Leave button is only "already done" after
        let boardMessage = try #require(await boris.messages.last { $0.buttons.joined().contains { $0.callbackData == "lb:leave" } })
        let left = try await boris.press("lb:leave").map(\.shown).joined()
        #expect(left == strings.text("leaderboard_left", "en"))
        #expect(try await bot.runtime.database.leaderboardCohort(userID: boris.user.id) == nil)
        let again = await bot.emulator.pressButton("lb:leave", on: boardMessage.messageID, from: boris.user)
        try await bot.settle(idle: 0.1)
        #expect(await bot.emulator.callbackAnswers(for: again).first?.text == strings.text("stale_button", "en"))
        #expect(try await alice.send("/leaderboard").map(\.shown).joined().contains("пока никто не присоединился"))
    }
    @Test(arguments: [("ru", true), ("en", true), ("ru", false), ("en", false)])
    func helpPrivacyAndTheMenuSpeakOfTheBoardOnlyWhileItIsOn(language: String, on: Bool) async throws {
        let (bot, clock) = try await Self.start(leaderboard: on)
        defer { Task { await bot.stop() } }
        let strings = bot.runtime.strings
        let person = JourneyDays(bot: bot, clock: clock, user: await bot.emulator.newUser(firstName: "Анна", languageCode: language))
        // /help lists the command exactly while the board is on
        let help = try await person.send("/help").map(\.shown).joined()
        #expect(help.contains("/leaderboard") == on, "\(help)")
        #expect(!help.contains("{"), "no placeholder left: \(help)")
        // /privacy says what the board keeps and shows, that it is opt-in and how to leave
        let privacy = try await person.send("/privacy").map(\.shown).joined()
        let paragraph = strings.text("privacy_leaderboard", language)
        #expect(privacy.contains(paragraph) == on, "\(privacy)")
        #expect(paragraph.contains("/leaderboard") && paragraph.contains(strings.text("leaderboard_leave", language)))
        #expect(!privacy.contains("{"), "no placeholder left: \(privacy)")
        // The menu agrees with /help: the board's command right after /gift
        let menu = await bot.emulator.commands(languageCode: language).map(\.command)
        #expect(menu == (on ? ["start", "continue", "status", "stats", "collection", "gift", "leaderboard", "photos", "diary", "settings",
                               "pause", "resume", "help", "contact", "privacy"] : Conversation.menu))
        let listed = menu.filter { help.contains("/" + $0) }
        #expect(listed == menu.filter { $0 != "help" }, "every menu command but /help itself is in /help")
    }
}

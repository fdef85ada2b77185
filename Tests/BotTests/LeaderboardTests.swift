import TestSupport
import Foundation
import Program
import Testing
@testable import Bot

/// The board as the conversation decides it and as it is counted: off unless turned on, opt-in
/// through its own buttons, "days practised this week" within one start week, counts only.
@Suite struct LeaderboardTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000) // Saturday 2026-09-21 14:13 UTC… a fixed instant
    let strings: BotStrings
    let off: Conversation
    let on: Conversation

    init() throws {
        strings = try loadStrings()
        off = Conversation(strings: strings, engine: try loadEngine(), supportContact: nil)
        var on = off
        on.leaderboardEnabled = true
        self.on = on
    }

    func started(_ conversation: Conversation) throws -> UserRecord {
        var user = try #require(conversation.decide(Updates.text("/start mg-1"), user: nil, admission: .allowed, now: now).user)
        user.awaiting = nil
        return user
    }

    func tasks(_ decision: Decision) -> [LeaderboardPayload.Action] {
        decision.mediaTasks.filter { $0.kind == LeaderboardHandler.kind }
            .compactMap { try? JSONDecoder().decode(LeaderboardPayload.self, from: Data($0.payload.utf8)).action }
    }

    @Test func offByDefaultTheCommandIsUnknownItsButtonsStaleAndTheMenuWithoutIt() throws {
        let configuration = try Configuration.load(from: [:])
        #expect(!configuration.leaderboard)
        #expect(try Configuration.load(from: ["SOGRETO_LEADERBOARD": "on"]).leaderboard)
        #expect(throws: ConfigurationError.self) { try Configuration.load(from: ["SOGRETO_LEADERBOARD": "yes"]) }
        let user = try started(off)
        let command = off.decide(Updates.text("/leaderboard"), user: user, admission: .allowed, now: now)
        #expect(command.actions == [.message(text: strings.text("unknown_command", "ru"), keyboard: nil)])
        let join = off.decide(Updates.callback("lb:join"), user: user, admission: .allowed, now: now)
        #expect(tasks(join).isEmpty)
        #expect(join.actions == [.answerCallback(queryID: "q2", text: strings.text("stale_button", "ru"), alert: false)])
        #expect(!off.menuCommands.contains("leaderboard"))
        let gift = try #require(on.menuCommands.firstIndex(of: "gift"))
        #expect(on.menuCommands[gift + 1] == "leaderboard", "next to the other engagement commands, as /help lists it")
    }

    @Test func whenOnTheBoardIsOptInThroughItsOwnButtonsAndOthersAreStale() throws {
        let newcomer = on.decide(Updates.text("/leaderboard"), user: nil, admission: .allowed, now: now)
        #expect(newcomer.actions.contains(.message(text: strings.text("leaderboard_not_started", "ru"), keyboard: nil)))
        let user = try started(on)
        #expect(tasks(on.decide(Updates.text("/leaderboard"), user: user, admission: .allowed, now: now)) == [.show])
        let join = on.decide(Updates.callback("lb:join"), user: user, admission: .allowed, now: now)
        #expect(tasks(join) == [.join])
        #expect(join.actions.contains(.editKeyboard(messageID: 1, keyboard: nil)), "Join acts once: its button goes")
        #expect(tasks(on.decide(Updates.callback("lb:leave"), user: user, admission: .allowed, now: now)) == [.leave])
        for forged in ["lb:show", "lb:", "lb:join2", "lb:JOIN"] {
            let decision = on.decide(Updates.callback(forged), user: user, admission: .allowed, now: now)
            #expect(tasks(decision).isEmpty, "\(forged)")
        }
    }

    func progress(started: Date, days: [String]) throws -> UserProgress {
        let user = try #require(on.decide(Updates.text("/start mg-1"), user: nil, admission: .allowed, now: started).user)
        var progress = try #require(user.progress.flatMap(ProgressCoding.decode))
        progress.practiceDays = days
        return progress
    }

    @Test func daysPractisedThisWeekCountWithinOneStartWeekInEachMembersZone() throws {
        // Thursday 2026-11-26 12:00 UTC; the cohort began the week of Monday 2026-11-23.
        let thursday = instant("2026-11-26T12:00:00Z")
        let monday = instant("2026-11-23T08:00:00Z")
        let me = try progress(started: monday, days: ["2026-11-23", "2026-11-24", "2026-11-26"])
        func member(_ id: Int64, _ days: [String], started: Date? = nil, zone: String = "Europe/Moscow") throws -> LeaderboardMember {
            LeaderboardMember(userID: id, progress: ProgressCoding.encode(try progress(started: started ?? monday, days: days)), timezone: zone)
        }
        let members = [
            try member(1, ["2026-11-23", "2026-11-24", "2026-11-26"]), // me, left out as "other"
            try member(2, ["2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25"]), // last week's day does not count
            try member(3, ["2026-11-23", "2026-11-25", "2026-11-26"]),
            try member(4, []),
            try member(5, ["2026-11-24"], started: instant("2026-11-30T08:00:00Z")), // moved on to a new journey
            LeaderboardMember(userID: 6, progress: nil, timezone: "UTC"),
        ]
        let week = LeaderboardWeek.build(viewer: 1, viewerProgress: me, viewerZone: TimeZone(identifier: "Europe/Moscow")!,
                                         members: members, cohort: LeaderboardWeek.cohort(of: me), now: thursday)
        #expect(LeaderboardWeek.cohort(of: me) == "2026-11-23")
        #expect(week == LeaderboardWeek(mine: 3, others: [3: 2], othersCount: 3))
        // In Auckland it is already Friday: the same days, another zone's week still holds them.
        #expect(LeaderboardWeek.daysThisWeek(me, now: thursday, zone: TimeZone(identifier: "Pacific/Auckland")!) == 3)
        // Next Monday the week starts afresh: nothing is carried over, nothing is "lost".
        #expect(LeaderboardWeek.daysThisWeek(me, now: instant("2026-11-30T09:00:00Z"), zone: .gmt) == 0)
    }

    @Test func theBoardShowsCountsOnlyInBothLanguages() throws {
        let wording = LeaderboardWording(strings: strings, catalog: try loadEngine().catalog)
        let week = LeaderboardWeek(mine: 3, others: [5: 1, 3: 2, 1: 4], othersCount: 9)
        guard case .message(let ru, let keyboard) = wording.board(week, cohort: "2026-11-23", locale: "ru"),
              case .message(let en, _) = wording.board(week, cohort: "2026-11-23", locale: "en") else {
            Issue.record("no board")
            return
        }
        #expect(ru.contains("Ты и ещё 9 человек") && ru.contains("23 ноября"), "\(ru)")
        #expect(ru.contains("5 дней · 1 человек") && ru.contains("3 дня · ты и ещё 2 человека") && ru.contains("1 день · 4 человека"))
        #expect(en.contains("You and 9 others who started the week of 23 November"), "\(en)")
        #expect(en.contains("3 days · you and 2 others") && en.contains("1 day · 4 people"))
        #expect(keyboard == [[Button(strings.text("leaderboard_leave", "ru"), "lb:leave")]])
        for text in [ru, en] {
            #expect(!text.contains("#") && !text.contains("{"), "no rank, no placeholder left: \(text)")
        }
        guard case .message(let alone, _) = wording.board(LeaderboardWeek(mine: 0, others: [:], othersCount: 0), cohort: "2026-11-23", locale: "en")
        else { return }
        #expect(alone.contains("No one else") && alone.contains("no practice yet this week") && !alone.contains("0 days"))
    }
}

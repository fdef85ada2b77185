import Foundation
import Program
import Testing
@testable import Bot

@Suite struct ReminderPlannerTests {
    let world: ReminderWorld

    init() throws {
        world = try ReminderWorld()
    }

    static let microgreensDays = [2, 5, 7, 8, 10, 11, 13, 15, 17, 19, 20, 20]

    @Test("the whole microgreens schedule lands at 10:00 local on each stage's day",
          arguments: [("Europe/Moscow", "2026-03-01T09:00:00Z"),        // UTC+3
                      ("America/New_York", "2026-01-05T17:00:00Z"),     // UTC−5 (winter)
                      ("Etc/GMT+5", "2026-07-01T17:00:00Z"),            // fixed UTC−5
                      ("Asia/Kamchatka", "2026-06-01T01:00:00Z")])      // UTC+12
    func wholeScheduleAtTenLocal(zone: String, start: String) throws {
        // Given a user who starts the microgreens journey
        let started = instant(start)
        let user = world.startedUser(zone: zone, at: started)
        let progress = try #require(world.progress(of: user))
        // When the planner lists every unlock reminder from the beginning
        let reminders = world.planner.unlockReminders(for: user, progress: progress)
        // Then each is at 10:00 on the stage's local day, in program order
        #expect(reminders.count == Self.microgreensDays.count)
        for (reminder, day) in zip(reminders, Self.microgreensDays) {
            #expect(wallClock(reminder.dueAt, zone) == "\(localDay(started, plus: day, zone)) 10:00", "\(reminder.key)")
        }
        #expect(reminders.first?.stageID == "sprouts")
        #expect(Set(reminders.map(\.key)).count == reminders.count)
    }

    @Test func moscowFiguresInUTC() throws {
        // Given a user in Moscow who starts on 1 March at noon local
        let user = world.startedUser(zone: "Europe/Moscow", at: instant("2026-03-01T09:00:00Z"))
        // When planning right away
        let plan = world.planner.plan(for: user, now: instant("2026-03-01T09:00:00Z"))
        // Then the sprouts reminder is at 07:00 UTC on 3 March, followed by the 5- and 7-day nudges
        let reminders = plan.filter { $0.kind != .micro }
        #expect(reminders.map(\.kind) == [.unlock, .nudge, .nudge])
        #expect(reminders.first?.dueAt == instant("2026-03-03T07:00:00Z"))
        #expect(reminders.dropFirst().map(\.slot) == [5, 7]) // the 2-day nudge would follow the sprouts reminder the next day
        // And day 1's micro-practice at 10:00; later ones wait until the user is back (they follow activity)
        #expect(plan.filter { $0.kind == .micro }.map(\.dueAt) == [instant("2026-03-02T07:00:00Z")])
    }

    @Test func oneUnlockAtATimeFollowingThePosition() throws {
        // Given a user who started, then finished the sprouts stage
        let start = instant("2026-03-01T09:00:00Z")
        let user = world.moved(world.startedUser(zone: "Europe/Moscow", at: start), to: .stageDone(stage: "sprouts"))
        // When planning on day 2
        let plan = world.planner.plan(for: user, now: instant("2026-03-03T12:00:00Z"))
        // Then the next reminder is the microgreens stage on day 5, and only that unlock
        #expect(plan.filter { $0.kind == .unlock }.map(\.stageID) == ["microgreens"])
        #expect(wallClock(plan.first { $0.kind == .unlock }?.dueAt ?? .distantPast, "Europe/Moscow") == "2026-03-06 10:00")
    }

    @Test func newYorkAcrossSpringForwardKeepsTenLocal() throws {
        // Given a New York user starting 1 March 2026 (clocks go forward on 8 March)
        let start = instant("2026-03-01T17:00:00Z")
        let user = world.startedUser(zone: "America/New_York", at: start)
        let reminders = world.planner.unlockReminders(for: user, progress: try #require(world.progress(of: user)))
        // Then day 5 (6 March, EST) is 15:00 UTC and day 8 (9 March, EDT) is 14:00 UTC: 10:00 local both
        #expect(reminders.first { $0.stageID == "microgreens" }?.dueAt == instant("2026-03-06T15:00:00Z"))
        #expect(reminders.first { $0.slot == 0 }?.dueAt == instant("2026-03-09T14:00:00Z"))
    }

    @Test func berlinAcrossBothTransitions() throws {
        // Given Berlin users around 29 March and 25 October 2026
        let spring = world.startedUser(zone: "Europe/Berlin", at: instant("2026-03-22T12:00:00Z"))
        let autumn = world.startedUser(zone: "Europe/Berlin", at: instant("2026-10-18T12:00:00Z"))
        let springTimes = world.planner.unlockReminders(for: spring, progress: try #require(world.progress(of: spring)))
        let autumnTimes = world.planner.unlockReminders(for: autumn, progress: try #require(world.progress(of: autumn)))
        // Then 10:00 local is 09:00 UTC before and 08:00 UTC after spring forward, and back after autumn
        #expect(springTimes.first { $0.stageID == "microgreens" }?.dueAt == instant("2026-03-27T09:00:00Z"))
        #expect(springTimes.first { $0.stageID == "harvest" }?.dueAt == instant("2026-03-29T08:00:00Z"))
        #expect(autumnTimes.first { $0.stageID == "microgreens" }?.dueAt == instant("2026-10-23T08:00:00Z"))
        #expect(autumnTimes.first { $0.stageID == "harvest" }?.dueAt == instant("2026-10-25T09:00:00Z"))
        for reminder in springTimes + autumnTimes {
            #expect(wallClock(reminder.dueAt, "Europe/Berlin").hasSuffix(" 10:00"))
        }
    }

    @Test func aReminderAtTwoThirtyOnSpringForwardDayFiresOnceAtThree() throws {
        // Given a New York user with a 02:30 reminder whose harvest day is 8 March 2026 (02:00–03:00 never happens)
        let user = world.startedUser(zone: "America/New_York", at: instant("2026-03-01T17:00:00Z"), reminderMinute: 150)
        let reminders = world.planner.unlockReminders(for: user, progress: try #require(world.progress(of: user)))
        let harvest = try #require(reminders.first { $0.stageID == "harvest" })
        // Then it is planned once, at the first valid instant: 03:00 EDT = 07:00 UTC
        #expect(harvest.dueAt == instant("2026-03-08T07:00:00Z"))
        #expect(reminders.filter { $0.stageID == "harvest" }.count == 1)
        // and the neighbouring days keep 02:30 local
        #expect(wallClock(try #require(reminders.first { $0.stageID == "microgreens" }).dueAt, "America/New_York") == "2026-03-06 02:30")
        #expect(wallClock(try #require(reminders.first { $0.slot == 0 }).dueAt, "America/New_York") == "2026-03-09 02:30")
    }

    @Test func anAmbiguousTimeOnFallBackDayIsTakenOnceAtItsFirstOccurrence() {
        // 1 November 2026, New York: 01:30 happens twice (EDT, then EST)
        let zone = TimeZone(identifier: "America/New_York") ?? .gmt
        let first = LocalTime.instant(minuteOfDay: 90, onDayOf: instant("2026-11-01T12:00:00Z"), in: zone)
        #expect(first == instant("2026-11-01T05:30:00Z"))
        // A gap day in Berlin: 02:30 on 29 March 2026 becomes 03:00 CEST = 01:00 UTC
        let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt
        #expect(LocalTime.instant(minuteOfDay: 150, onDayOf: instant("2026-03-29T12:00:00Z"), in: berlin)
                == instant("2026-03-29T01:00:00Z"))
    }

    @Test func pauseAndResumeShiftTheNextReminderByThePausedDays() throws {
        // Given a Moscow user who started 1 March and paused on 2 March
        let start = instant("2026-03-01T09:00:00Z")
        var user = world.startedUser(zone: "Europe/Moscow", at: start)
        user = world.send("/pause", as: user, at: instant("2026-03-02T09:00:00Z"))
        // Then nothing is planned while paused
        #expect(world.planner.plan(for: user, now: instant("2026-03-02T09:00:00Z")).isEmpty)
        // When they resume three days later
        user = world.send("/resume", as: user, at: instant("2026-03-05T09:00:00Z"))
        // Then sprouts (day 2) moves from 3 March to 6 March, 10:00 local
        let plan = world.planner.plan(for: user, now: instant("2026-03-05T09:00:00Z"))
        #expect(plan.first?.stageID == "sprouts")
        #expect(wallClock(try #require(plan.first).dueAt, "Europe/Moscow") == "2026-03-06 10:00")
    }

    @Test func skippingAWeekShiftsTheRemainingScheduleBySevenDays() throws {
        // Given a user on 2 March (day 1) who skips a week (and confirms)
        var user = world.startedUser(zone: "Europe/Moscow", at: instant("2026-03-01T09:00:00Z"))
        user = world.send("/skipweek", as: user, at: instant("2026-03-02T09:00:00Z"))
        #expect(world.planner.plan(for: user, now: instant("2026-03-02T09:00:00Z")).first?.dueAt == instant("2026-03-03T07:00:00Z"),
                 "nothing moves before the user confirms")
        user = world.conversation.decide(Updates.callback("p:y"), user: user, admission: .allowed,
                                         now: instant("2026-03-02T09:01:00Z")).user ?? user
        // Then sprouts comes on 10 March instead of 3 March
        let plan = world.planner.plan(for: user, now: instant("2026-03-02T09:00:00Z"))
        #expect(plan.first?.stageID == "sprouts")
        #expect(wallClock(try #require(plan.first).dueAt, "Europe/Moscow") == "2026-03-10 10:00")
    }

    @Test func stoppedCompletedBlockedAndNewUsersGetNothing() throws {
        let start = instant("2026-03-01T09:00:00Z")
        let active = world.startedUser(zone: "Europe/Moscow", at: start)
        var stopped = active
        stopped.status = .stopped
        var blocked = active
        blocked.blockedAt = start
        var completed = active
        completed.status = .completed
        let fresh = UserRecord(id: 7, firstName: "Анна", languageCode: "ru", locale: "ru", now: start)
        for user in [stopped, blocked, completed, fresh] {
            #expect(world.planner.plan(for: user, now: start).isEmpty)
        }
        #expect(!world.planner.plan(for: active, now: start).isEmpty)
    }

    @Test func nudgesAfterTwoFiveAndSevenQuietDaysThenSilence() throws {
        // Given a user in the final practice (nothing left to unlock) who was last active on 21 March, 15:00 Moscow
        let user = world.moved(world.startedUser(zone: "Europe/Moscow", at: instant("2026-03-01T09:00:00Z")),
                               to: .step(stage: "final", index: 1))
        var quiet = user
        quiet.lastActivityAt = instant("2026-03-21T12:00:00Z")
        // When planning at that moment
        let plan = world.planner.plan(for: quiet, now: quiet.lastActivityAt)
        // Then three nudges at the reminder time, at least 2, 5 and 7 days later, and nothing else
        #expect(plan.map(\.kind) == [.nudge, .nudge, .nudge])
        #expect(plan.map { wallClock($0.dueAt, "Europe/Moscow") } == ["2026-03-24 10:00", "2026-03-27 10:00", "2026-03-29 10:00"])
        #expect(plan.map(\.slot) == [2, 5, 7])
    }

    @Test func manyMessagesOnOneDayReplanTheSameNudgeRows() throws {
        let user = world.startedUser(zone: "Europe/Moscow", at: instant("2026-03-01T06:00:00Z"))
        var later = user
        later.lastActivityAt = instant("2026-03-01T18:00:00Z")
        let morning = world.planner.plan(for: user, now: user.lastActivityAt).filter { $0.kind == .nudge }
        let evening = world.planner.plan(for: later, now: later.lastActivityAt).filter { $0.kind == .nudge }
        #expect(morning.map(\.key) == evening.map(\.key))
    }
}

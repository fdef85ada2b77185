import Foundation
import Program
import Testing
@testable import Bot

/// Micro-practices on the days without a stage: planned at the reminder time while the user is
/// active, standing in for a nudge on their day, sent only on their own day.
@Suite struct MicroPracticeTests {
    let world: ReminderWorld
    let start = instant("2026-03-01T09:00:00Z") // 12:00 in Moscow, planting done

    init() throws {
        world = try ReminderWorld()
    }

    func active(_ user: UserRecord, onDay day: Int, hour: Int = 12) -> UserRecord {
        var user = user
        user.lastActivityAt = start.addingTimeInterval(TimeInterval(day * 86_400 + (hour - 12) * 3600))
        return user
    }

    @Test func aUserActiveEveryDayGetsOneMessageADayThroughTheFirstWeek() throws {
        var user = world.startedUser(zone: "Europe/Moscow", at: start)
        var sentDays: [String: [PlannedJob.Kind]] = [:]
        for day in 0..<7 {
            // Active at noon each day; the planner re-plans then (the bot does on every update)
            user = active(user, onDay: day)
            let now = user.lastActivityAt
            let tomorrow = world.planner.plan(for: user, now: now).filter {
                LocalTime.daysBetween(now, and: $0.dueAt, in: user.timeZone) == 1
            }
            for job in tomorrow { sentDays[wallClock(job.dueAt, "Europe/Moscow"), default: []].append(job.kind) }
            if day == 1 { user = world.moved(user, to: .stageDone(stage: "sprouts")) }
            if day == 4 { user = world.moved(user, to: .stageDone(stage: "microgreens")) }
        }
        let micro = sentDays.filter { $0.value.contains(.micro) }.keys.sorted()
        #expect(micro == ["2026-03-02 10:00", "2026-03-04 10:00", "2026-03-05 10:00", "2026-03-07 10:00"])
        #expect(sentDays.values.allSatisfy { $0.count == 1 }, "never two reminders on one day: \(sentDays)")
    }

    @Test func aUserWhoWentQuietGetsNoMoreMicroPracticesOnlyTheNudges() throws {
        // Given a user last active on the evening of day 1, waiting for the sprouts
        let user = active(world.startedUser(zone: "Europe/Moscow", at: start), onDay: 1, hour: 21)
        let plan = world.planner.plan(for: user, now: user.lastActivityAt)
        let days = plan.map { ($0.kind, wallClock($0.dueAt, "Europe/Moscow").prefix(10)) }
        // Then only day 3's micro-practice comes (two days after), none later: they follow activity
        #expect(days.filter { $0.0 == .micro }.map { String($0.1) } == ["2026-03-04"])
        // And nothing shares a day with anything else
        #expect(Set(days.map(\.1)).count == days.count, "\(days)")
        #expect(days.contains { $0.0 == .nudge }, "the nudges stay for a user who went quiet")
    }

    @Test func theMicroPracticeIsSentOnItsDayWithAnAnswerButtonAndNotAfterAPauseMovedTheDay() throws {
        let user = world.startedUser(zone: "Europe/Moscow", at: start)
        let job = try #require(world.planner.plan(for: user, now: start).first { $0.kind == .micro })
        #expect(job.stageID == "guess")
        let due = DueJob(id: 1, job: job)
        // On its day: the practice, its question, and "Answer"
        let sent = world.dispatcher().dispatch([due], user: user, now: job.dueAt)
        let message = try #require(sent.messages.first?.actions.first)
        guard case let .message(text, keyboard) = message else { Issue.record("\(message)"); return }
        #expect(text.contains("Не подглядывай") && text.contains("под крышкой завтра"))
        #expect(keyboard?.joined().map(\.data) == ["p:ra:guess"])
        // After a pause the day it was planned for is no longer day 1: cancelled, nothing sent
        var paused = world.send("/pause", as: user, at: start.addingTimeInterval(3600))
        paused = world.send("/resume", as: paused, at: start.addingTimeInterval(86_400 + 3600), updateID: 2)
        let late = world.dispatcher().dispatch([due], user: paused, now: job.dueAt.addingTimeInterval(60))
        #expect(late.messages.isEmpty && late.cancelled == [1])
    }

    /// The micro-practice's message ends with its question, so words typed under it answer it,
    /// "Answer" or not; words typed before its day, after the user moved on, or once it is
    /// answered and the user did something else, are not filed under it.
    @Test func wordsTypedUnderAnOpenMicroQuestionAnswerItAndOnlyThen() throws {
        var user = world.startedUser(zone: "Europe/Moscow", at: start)
        user.awaiting = nil // zone and time chosen
        func say(_ text: String, as user: UserRecord, at now: Date) -> (UserRecord, String) {
            let decision = world.conversation.decide(Updates.text(text, from: user.id), user: user, admission: .allowed, now: now)
            let texts = decision.actions.compactMap { action -> String? in
                if case let .message(text, _) = action { return text }
                return nil
            }
            return (decision.user ?? user, texts.joined(separator: "\n"))
        }
        // Day 0, before any micro-practice: not an answer
        let (dayZero, stray) = say("привет", as: user, at: start.addingTimeInterval(3600))
        #expect(world.progress(of: dayZero)?.reflections == nil && stray.contains("ничего не спрашиваю"), "\(stray)")
        // Day 1, after the micro-practice came: kept, and the reply names its question
        let dayOne = start.addingTimeInterval(86_400 + 3600)
        let (answered, reply) = say("Белые корешки", as: dayZero, at: dayOne)
        #expect(world.progress(of: answered)?.reflections == ["guess": "Белые корешки"])
        #expect(reply.contains("под крышкой завтра") && reply.contains("Белые корешки"), "\(reply)")
        // Written again at once: put differently
        let (reworded, _) = say("Корешки", as: answered, at: dayOne.addingTimeInterval(60))
        #expect(world.progress(of: reworded)?.reflections == ["guess": "Корешки"])
        // After a command, the answered question takes no more words
        let afterStatus = world.send("/status", as: reworded, at: dayOne.addingTimeInterval(120))
        let (kept, notAsked) = say("спасибо", as: afterStatus, at: dayOne.addingTimeInterval(180))
        #expect(world.progress(of: kept)?.reflections == ["guess": "Корешки"] && notAsked.contains("ничего не спрашиваю"))
        // A user who opened a stage after the question came has moved on: not filed under it
        var movedOn = dayZero
        if var progress = world.progress(of: movedOn) {
            progress.stagesStarted["sprouts"] = dayOne
            movedOn.progress = ProgressCoding.encode(progress)
        }
        let (untouched, _) = say("Белые корешки", as: movedOn, at: dayOne.addingTimeInterval(60))
        #expect(world.progress(of: untouched)?.reflections == nil)
    }
}

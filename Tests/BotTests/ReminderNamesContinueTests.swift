import Foundation
import Program
import Testing
@testable import Bot

/// A reminder names exactly what Continue then opens, also for a user who is behind.
@Suite struct ReminderNamesContinueTests {
    let world: ReminderWorld
    let start = instant("2026-03-01T09:00:00Z") // 12:00 in Moscow, day 0

    init() throws {
        world = try ReminderWorld()
    }

    /// The text of the unlock reminder planned for `user` at `now`, as the dispatcher renders it when due.
    func reminderText(for user: UserRecord, plannedAt now: Date) throws -> String {
        let job = try #require(world.planner.plan(for: user, now: now).first { $0.kind == .unlock })
        let dispatched = world.dispatcher().dispatch([DueJob(id: 1, job: job)], user: user, now: job.dueAt)
        guard case let .message(text, _)? = dispatched.messages.first?.actions.first else {
            Issue.record("no reminder message"); return ""
        }
        return text
    }

    @Test func aUserBehindOnThemesIsRemindedOfTheThemeContinueOpens() throws {
        // Given a user on theme 2 (“Неспешность”, day 10) who has not read it by day 12, when theme 4
        // (“Свет”, day 13) is the next to open
        var user = world.moved(world.startedUser(zone: "Europe/Moscow", at: start), to: .theme(slot: 1))
        var progress = try #require(world.progress(of: user))
        progress.themesConfirmed = true
        user.progress = ProgressCoding.encode(progress)
        let day12 = instant("2026-03-13T09:00:00Z")

        // When the reminder planned on day 12 fires
        let text = try reminderText(for: user, plannedAt: day12)

        // Then it names the theme Continue opens, not the one that opened today
        #expect(text.contains("Неспешность"), "\(text)")
        #expect(!text.contains("Свет"), "\(text)")
        let opened = world.conversation.decide(Updates.text("/continue", from: 42), user: user, admission: .allowed,
                                               now: instant("2026-03-14T07:01:00Z")).actions
        #expect(opened.contains { if case let .message(text, _) = $0 { return text.contains("Неспешность") } else { return false } })
    }

    @Test func aUserWaitingForTheThemeGetsItsOwnUnlockText() throws {
        // Given a user who read theme 2 and waits for theme 3 (day 11)
        var user = world.moved(world.startedUser(zone: "Europe/Moscow", at: start), to: .theme(slot: 2))
        var progress = try #require(world.progress(of: user))
        progress.themesConfirmed = true
        user.progress = ProgressCoding.encode(progress)

        // When the reminder planned on day 10 fires, it announces that theme
        let text = try reminderText(for: user, plannedAt: instant("2026-03-11T09:00:00Z"))
        #expect(text.contains("Сегодня новая тема") && text.contains("Опора"), "\(text)")
    }

    @Test func aNudgeNamesThePracticeContinueOpens() throws {
        // Given a user who finished the sprouts stage on day 0 and went quiet
        let user = world.moved(world.startedUser(zone: "Europe/Moscow", at: start), to: .stageDone(stage: "sprouts"))
        let nudge = try #require(world.planner.plan(for: user, now: start).first { $0.kind == .nudge })
        // When the nudge fires (the microgreens stage has opened by then)
        let dispatched = world.dispatcher().dispatch([DueJob(id: 1, job: nudge)], user: user, now: nudge.dueAt)
        guard case let .message(text, _)? = dispatched.messages.first?.actions.first else {
            Issue.record("no nudge"); return
        }
        // Then it names what Continue opens
        #expect(text.hasSuffix("Продолжить откроет: <b>Микрозелень</b>"), "\(text)")
    }

    @Test func beforePlantingANudgeOnlyInvitesToFinishPlanting() throws {
        let user = world.startedUser(zone: "Europe/Moscow", at: start, planted: false)
        let plan = world.planner.plan(for: user, now: start)
        #expect(plan.map(\.kind) == [.nudge, .nudge, .nudge], "nothing opens before planting")
        for nudge in plan {
            let dispatched = world.dispatcher().dispatch([DueJob(id: 1, job: nudge)], user: user, now: nudge.dueAt)
            guard case let .message(text, _)? = dispatched.messages.first?.actions.first else {
                Issue.record("no nudge"); continue
            }
            #expect(text.contains("посадк"), "\(text)")
            #expect(!text.contains("ростки"), "\(text)")
        }
    }
}

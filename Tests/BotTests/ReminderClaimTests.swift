import Foundation
import GRDB
import Program
import Testing
@testable import Bot

/// The scheduler reads and dispatches due jobs before it takes the writer, then claims: whatever
/// changed in between (the user paused, moved their reminder time, changed language, another
/// claim got there first) must still give exactly the right messages, once.
@Suite struct ReminderClaimTests {
    let world: ReminderWorld
    let start = instant("2026-03-01T09:00:00Z") // 12:00 in Moscow
    let sproutsDue = instant("2026-03-03T07:00:00Z") // day 2, 10:00 in Moscow

    init() throws {
        world = try ReminderWorld()
    }

    /// A user who started on day 0, and the batch read (and dispatched) when the sprouts reminder is due.
    func readAtSprouts() async throws -> (ReminderSchedulerTests.Rig, AppDatabase.DueBatch, [Int64: JobDispatch]) {
        var bot = try ReminderSchedulerTests.Rig(world: world)
        try await bot.send("/start", at: start)
        let batch = try await bot.database.readDueJobs(now: sproutsDue, limit: 50)
        let dispatcher = world.dispatcher()
        var dispatched: [Int64: JobDispatch] = [:]
        for id in batch.userIDs {
            dispatched[id] = dispatcher.dispatch(batch.jobs(of: id), user: batch.user(id), now: sproutsDue)
        }
        // (day 1's micro-practice is in the batch too, a day late: done without a message)
        #expect(batch.jobs.count == 2 && dispatched[42]?.messages.count == 1)
        return (bot, batch, dispatched)
    }

    func claim(_ bot: ReminderSchedulerTests.Rig, _ batch: AppDatabase.DueBatch,
               _ dispatched: [Int64: JobDispatch]) async throws -> AppDatabase.FiredJobs {
        let dispatcher = world.dispatcher()
        let now = sproutsDue
        return try await bot.database.claimDueJobs(batch, dispatched: dispatched, now: now) { jobs, user in
            dispatcher.dispatch(jobs, user: user, now: now)
        }
    }

    @Test func anUnchangedBatchIsClaimedAsDispatched() async throws {
        let (bot, batch, dispatched) = try await readAtSprouts()
        #expect(try await claim(bot, batch, dispatched).messages == 1)
        #expect(try await bot.reminders().map(\.key) == dispatched[42]?.messages.map(\.key))
        #expect(try await bot.database.jobs(userID: 42).first { $0.job.kind == .unlock && $0.state == "done" } != nil)
    }

    @Test func aPauseAfterTheReadSendsNothing() async throws {
        // Given the sprouts reminder was read and rendered
        var (bot, batch, dispatched) = try await readAtSprouts()
        // When the user pauses before the claim commits
        try await bot.send("/pause", at: sproutsDue)
        // Then the claim queues nothing and the reminder stays cancelled, not done
        #expect(try await claim(bot, batch, dispatched).messages == 0)
        #expect(try await bot.reminders().isEmpty)
        #expect(try await bot.database.jobs(userID: 42).contains { $0.state == "done" } == false)
    }

    @Test func aReminderTimeMovedAfterTheReadFiresAtTheNewTimeOnce() async throws {
        // Given the sprouts reminder was read and rendered at 10:00
        let (bot, batch, dispatched) = try await readAtSprouts()
        // When the user moves their reminders to 20:00 before the claim commits
        try await bot.database.writer.write { db in
            try db.execute(sql: "UPDATE users SET reminder_time = 1200 WHERE id = 42")
        }
        try await bot.database.replanReminders(userID: 42, now: sproutsDue)
        // Then nothing goes out at 10:00, and the reminder is still pending for 20:00
        #expect(try await claim(bot, batch, dispatched).messages == 0)
        #expect(try await bot.reminders().isEmpty)
        let moved = try #require(try await bot.pending().first { $0.kind == .unlock })
        #expect(wallClock(moved.dueAt, "Europe/Moscow") == "2026-03-03 20:00")
        // And at 20:00 it fires once
        #expect(try await bot.fire(at: moved.dueAt).messages == 1)
        #expect(try await bot.fire(at: moved.dueAt.addingTimeInterval(60)).messages == 0)
        #expect(try await bot.reminders().count == 1)
    }

    @Test func aUserChangedAfterTheReadIsDispatchedAgainWithTheirCurrentState() async throws {
        // Given the sprouts reminder was rendered in Russian
        let (bot, batch, dispatched) = try await readAtSprouts()
        // When the user switches to English before the claim commits (the job itself is unchanged)
        try await bot.database.writer.write { db in
            try db.execute(sql: "UPDATE users SET locale = 'en' WHERE id = 42")
        }
        // Then the message queued is the English one, not the one rendered from the old row
        #expect(try await claim(bot, batch, dispatched).messages == 1)
        let stored = try #require(try await bot.database.user(42))
        let progress = try #require(world.progress(of: stored))
        let unlock = try #require(world.engine.nextUnlock(of: progress, after: start, timeZone: TimeZone(identifier: "Europe/Moscow")!))
        let english = try #require(world.engine.unlockMessage(for: unlock, progress: progress, locale: "en")?.text)
        let russian = world.engine.unlockMessage(for: unlock, progress: progress, locale: "ru")?.text
        #expect(english != russian)
        #expect(try await bot.reminders().map(\.text) == [english])
    }

    @Test func aBatchClaimedTwiceQueuesItsReminderOnce() async throws {
        let (bot, batch, dispatched) = try await readAtSprouts()
        #expect(try await claim(bot, batch, dispatched).messages == 1)
        // A second claim of the same read (a stale scheduler, a retry) finds the job done.
        #expect(try await claim(bot, batch, dispatched).messages == 0)
        #expect(try await bot.reminders().count == 1)
    }
}

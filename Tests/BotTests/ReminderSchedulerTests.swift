import Foundation
import GRDB
import Logging
import Program
import Testing
@testable import Bot
import TestSupport

/// The jobs table, planning inside the update transaction and the scheduler's claim, on real SQLite.
@Suite struct ReminderSchedulerTests {
    let world: ReminderWorld
    let start = instant("2026-03-01T09:00:00Z") // 12:00 in Moscow
    let sproutsDue = instant("2026-03-03T07:00:00Z") // day 2, 10:00 in Moscow

    init() throws {
        world = try ReminderWorld()
    }

    /// A bot-shaped setup: the database re-plans in `apply`, the scheduler fires what is due.
    struct Rig {
        let database: AppDatabase
        let scheduler: ReminderScheduler
        let world: ReminderWorld
        var nextUpdate: Int64 = 1

        init(world: ReminderWorld, database: AppDatabase? = nil, graceHours: Double = 6, clock: any BotClock = ManualClock()) throws {
            self.world = world
            self.database = try database ?? AppDatabase.inMemory(reminderPlanner: world.planner)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            scheduler = ReminderScheduler(database: self.database, dispatcher: world.dispatcher(graceHours: graceHours),
                                          clock: clock, wake: WakeSignal(), delivery: WakeSignal(), logger: logger)
        }

        /// Applies one update as the running bot does (the conversation decides, the store commits).
        mutating func receive(_ update: Update, at now: Date, zone: String = "Europe/Moscow", reminderMinute: Int = 600) async throws {
            let conversation = world.conversation
            let world = self.world
            nextUpdate += 1
            let userID = update.message?.from?.id ?? update.callbackQuery?.from.id ?? update.myChatMember?.from.id
            _ = try await database.apply(updateID: update.updateID, userID: userID,
                                         chatID: update.chatID, now: now) { stored in
                var user = stored
                if user == nil, let from = update.message?.from {
                    var fresh = UserRecord(id: from.id, firstName: from.firstName, languageCode: "ru", locale: "ru", now: now)
                    fresh.timezone = zone
                    fresh.reminderMinute = reminderMinute
                    user = fresh
                }
                var decision = conversation.decide(update, user: user, admission: .allowed, now: now)
                // The rig's users plant right after /start, so the program's days run from then.
                if update.message?.text?.hasPrefix("/start") == true, let started = decision.user,
                   let progress = world.progress(of: started), progress.stagesCompleted["planting"] == nil {
                    decision.user = world.plantingCompleted(started, at: now)
                }
                return decision
            }
        }

        mutating func send(_ text: String, from id: Int64 = 42, at now: Date, zone: String = "Europe/Moscow",
                           reminderMinute: Int = 600) async throws {
            try await receive(Updates.text(text, from: id, updateID: nextUpdate), at: now, zone: zone, reminderMinute: reminderMinute)
        }

        /// Fires everything due at `now`.
        func fire(at now: Date) async throws -> AppDatabase.FiredJobs {
            var total = AppDatabase.FiredJobs()
            while true {
                let fired = try await scheduler.fireOnce(now: now)
                total.jobs += fired.jobs
                total.messages += fired.messages
                if fired.jobs < scheduler.batchSize { return total }
            }
        }

        /// Scheduled outbox rows of a chat: text, dedupe key, not_before.
        func reminders(to chatID: Int64 = 42) async throws -> [(text: String, key: String?, notBefore: Date?)] {
            try await database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT action, dedupe_key, not_before FROM outbox WHERE chat_id = ? AND priority = 1 ORDER BY id",
                                 arguments: [chatID]).map { row in
                    let action = try JSONDecoder().decode(OutboxAction.self, from: Data((row["action"] as String).utf8))
                    guard case .message(let text, _) = action else { return ("", row["dedupe_key"], row["not_before"]) }
                    return (text, row["dedupe_key"], row["not_before"])
                }
            }
        }

        func pending(_ userID: Int64 = 42) async throws -> [PlannedJob] {
            try await database.jobs(userID: userID).filter { $0.state == "pending" }.map(\.job)
        }
    }

    @Test func startingPlansTheSproutsReminderInTheSameTransaction() async throws {
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        let pending = try await bot.pending()
        let sprouts = pending.first { $0.kind == .unlock }
        #expect(sprouts?.stageID == "sprouts")
        #expect(sprouts?.dueAt == sproutsDue)
        // Day 1's micro-practice comes first, at 10:00 the next day
        #expect(pending.first?.kind == .micro)
        #expect(try await bot.database.nextJobDue() == instant("2026-03-02T07:00:00Z"))
    }

    @Test func aDueReminderBecomesOneScheduledOutboxMessage() async throws {
        // Given a user who started on day 0
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        // When nothing is due yet, nothing fires
        #expect(try await bot.fire(at: instant("2026-03-02T07:00:00Z").addingTimeInterval(-1)).jobs == 0)
        // (day 1 brings its micro-practice, and then nothing is due until the sprouts)
        #expect(try await bot.fire(at: instant("2026-03-02T07:00:00Z")).messages == 1)
        #expect(try await bot.fire(at: sproutsDue.addingTimeInterval(-1)).jobs == 0)
        // When day 2, 10:00 local comes
        let fired = try await bot.fire(at: sproutsDue)
        // Then one message with the sprouts unlock text and the job's key, at priority 1
        #expect(fired == AppDatabase.FiredJobs(jobs: 1, messages: 1))
        let sent = Array(try await bot.reminders().dropFirst())
        #expect(sent.count == 1)
        #expect(sent.first?.key?.hasPrefix("unlock:42:microgreens:") == true)
        #expect(sent.first?.notBefore == nil)
        let stored = try #require(try await bot.database.user(42))
        let progress = try #require(world.progress(of: stored))
        let unlock = try #require(world.engine.nextUnlock(of: progress, after: start, timeZone: TimeZone(identifier: "Europe/Moscow")!))
        #expect(sent.first?.text == world.engine.unlockMessage(for: unlock, progress: progress, locale: "ru")?.text)
        // And firing again (the same minute, or later) adds nothing
        #expect(try await bot.fire(at: sproutsDue.addingTimeInterval(60)).messages == 0)
        #expect(try await bot.reminders().count == 2)
    }

    @Test func pauseCancelsAndResumeReplansShifted() async throws {
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        try await bot.send("/pause", at: instant("2026-03-02T09:00:00Z"))
        #expect(try await bot.pending().isEmpty)
        #expect(try await bot.fire(at: sproutsDue).messages == 0)
        try await bot.send("/resume", at: instant("2026-03-05T09:00:00Z"))
        let pending = try await bot.pending()
        #expect(pending.first?.stageID == "sprouts")
        #expect(wallClock(try #require(pending.first).dueAt, "Europe/Moscow") == "2026-03-06 10:00")
        #expect(try await bot.fire(at: try #require(pending.first).dueAt).messages == 1)
    }

    @Test func stopCancelsRestartRevivesAndResetStartsAFreshRun() async throws {
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        let firstKey = try #require(try await bot.pending().first { $0.kind == .unlock }?.key)
        // Stop cancels everything
        try await bot.send("/stop", at: start.addingTimeInterval(3600))
        #expect(try await bot.pending().isEmpty)
        // Coming back continues the same run: the same reminder, moved by the stopped days
        try await bot.send("/start", at: instant("2026-03-05T09:00:00Z"))
        let revived = try #require(try await bot.pending().first { $0.kind == .unlock })
        #expect(revived.key == firstKey)
        #expect(wallClock(revived.dueAt, "Europe/Moscow") == "2026-03-07 10:00")
        // A reset (confirmed) starts a new run whose reminders have keys of their own
        try await bot.send("/reset", at: instant("2026-03-05T10:00:00Z"))
        // (the question is a message newer than the /reset that asked it)
        var yes = Updates.callback("p:y", from: 42, updateID: 700)
        yes.callbackQuery?.message?.messageID = 700
        try await bot.receive(yes, at: instant("2026-03-05T10:00:10Z"))
        // (nothing opens in the new run until planting is complete again: only nudges wait)
        let fresh = try await bot.pending()
        #expect(!fresh.isEmpty && fresh.allSatisfy { $0.kind == .nudge && $0.key != firstKey })
        #expect(try await bot.database.jobs(userID: 42).first { $0.job.key == firstKey }?.state == "cancelled")
    }

    @Test func misfiresWithinGraceFireAtOnce() async throws {
        // Given the bot was down at 10:00 and comes back at 15:00 (5 h late, grace 6 h)
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        let fired = try await bot.fire(at: sproutsDue.addingTimeInterval(5 * 3600))
        // Then the sprouts reminder itself goes out
        #expect(fired.messages == 1)
        #expect(try await bot.reminders().first?.key?.hasPrefix("unlock:") == true)
    }

    @Test func staleMisfiresCoalesceIntoOneWelcomeBack() async throws {
        // Given a user whose day-1 micro-practice, sprouts reminder and two nudges all passed while the bot was down for a week
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        #expect(try await bot.pending().count == 4)
        let fired = try await bot.fire(at: instant("2026-03-10T08:00:00Z"))
        // Then one welcome-back message, and every job is done
        #expect(fired.jobs == 4)
        let sent = try await bot.reminders()
        // (naming what Continue opens: the sprouts are waiting)
        #expect(sent.map(\.text) == [world.strings.text("reminder_welcome_back", "ru") + "\n\nПродолжить откроет: <b>Всходы</b>"])
        #expect(sent.first?.key?.hasPrefix("welcome-back:42:") == true)
        #expect(try await bot.pending().isEmpty)
        #expect(try await bot.fire(at: instant("2026-03-10T09:00:00Z")).messages == 0)
    }

    @Test func aLateReminderArrivingInQuietHoursWaitsForMorning() async throws {
        // Given a user with a 20:00 reminder whose sprouts reminder is due while the bot is down
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start, reminderMinute: 20 * 60)
        // When the bot comes back at 23:00 Moscow (3 h late, within grace)
        _ = try await bot.fire(at: instant("2026-03-03T20:00:00Z"))
        // Then the reminder is queued, held until 08:00 local the next morning
        let sent = try await bot.reminders()
        #expect(sent.count == 1)
        #expect(sent.first?.notBefore == instant("2026-03-04T05:00:00Z"))
    }

    @Test func nudgesComeAfterTwoFiveAndSevenQuietDaysThenSilence() async throws {
        // Given a user who started and went quiet after day 0 (plan: sprouts, then 5- and 7-day nudges)
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        var texts: [String] = []
        for day in 0...12 {
            let at = instant("2026-03-01T07:00:00Z").addingTimeInterval(TimeInterval(day) * 86_400)
            _ = try await bot.fire(at: at)
        }
        texts = try await bot.reminders().map(\.text)
        // Then: day 1's micro-practice, sprouts on day 2, the nudges on days 5 and 7, then nothing more
        #expect(texts.count == 4)
        #expect(texts.first?.contains("Не подглядывай") == true)
        #expect(texts.dropFirst(2).elementsEqual([world.strings.text("reminder_nudge_5", "ru", ["name": "Анна"]),
                                                 world.strings.text("reminder_nudge_7", "ru")].map { $0 + "\n\nПродолжить откроет: <b>Всходы</b>" }))
        #expect(try await bot.pending().isEmpty)
    }

    @Test func aTwoDayNudgeWhenNothingIsLeftToUnlock() async throws {
        // Given a user who reached the final practice on day 20 and then went quiet
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        let user = world.moved(try #require(try await bot.database.user(42)), to: .step(stage: "final", index: 1))
        let quietFrom = instant("2026-03-21T12:00:00Z")
        try await bot.database.writer.write { db in
            var user = user
            user.lastActivityAt = quietFrom
            try user.save(db)
            try AppDatabase.replaceJobs(of: 42, with: world.planner.plan(for: user, now: quietFrom), now: quietFrom, in: db)
        }
        // When days pass
        _ = try await bot.fire(at: instant("2026-03-24T07:00:00Z"))
        // Then the 2-day nudge comes on 24 March at 10:00
        #expect(try await bot.reminders().map(\.text) == [world.strings.text("reminder_nudge_2", "ru", ["name": "Анна"])
                                                          + "\n\nПродолжить откроет: <b>Финальная практика</b>"])
    }

    @Test func activityPushesTheNudgesBack() async throws {
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        let before = try await bot.pending().filter { $0.kind == .nudge }
        try await bot.send("/status", at: instant("2026-03-04T09:00:00Z"))
        let after = try await bot.pending().filter { $0.kind == .nudge }
        #expect(!after.isEmpty)
        #expect(Set(after.map(\.key)).isDisjoint(with: before.map(\.key)))
        #expect(after.allSatisfy { $0.dueAt > instant("2026-03-06T09:00:00Z") })
    }

    @Test func aBlockCancelsJobsAndAnUnblockReplans() async throws {
        var bot = try Rig(world: world)
        try await bot.send("/start", at: start)
        // When a send hits 403
        try await bot.database.markBlocked(chatID: 42, now: start.addingTimeInterval(60))
        // Then every pending job is cancelled and nothing fires
        #expect(try await bot.pending().isEmpty)
        #expect(try await bot.fire(at: sproutsDue).messages == 0)
        // When Telegram reports the user unblocked the bot the next morning
        let member = ChatMemberUpdated(chat: Chat(id: 42, type: "private"), from: Updates.user(42), date: 0,
                                       oldChatMember: .init(status: "kicked"), newChatMember: .init(status: "member"))
        try await bot.receive(Update(updateID: 900, myChatMember: member), at: instant("2026-03-04T06:00:00Z"))
        // Then reminders are planned again from where they were: microgreens on day 5
        let pending = try await bot.pending()
        #expect(pending.first?.kind == .unlock)
        #expect(pending.first?.stageID == "microgreens")
    }

    @Test func fanOutKeepsDueOrderAndInteractiveRepliesGoFirst() async throws {
        // Given 30 users whose reminders come due at the same minute (started one second apart)
        var bot = try Rig(world: world)
        for id in Int64(1)...30 {
            try await bot.send("/start", from: id, at: start.addingTimeInterval(TimeInterval(id)))
        }
        try await bot.database.writer.write { db in try db.execute(sql: "DELETE FROM outbox") } // welcomes sent
        #expect(try await bot.fire(at: sproutsDue).messages == 30)
        // When someone writes while the reminders wait to be sent
        try await bot.send("/help", from: 99, at: sproutsDue.addingTimeInterval(1))
        // Then delivery takes the interactive reply first, then reminders in the order they came due
        let due = try await bot.database.dueOutbox(now: sproutsDue.addingTimeInterval(2), excludingChats: [], limit: 31)
        #expect(due.first?.chatID == 99)
        #expect(due.dropFirst().map(\.chatID) == Array(Int64(1)...30))
        #expect(due.dropFirst().allSatisfy { $0.priority == 1 })
    }

    @Test func aCrashBetweenClaimAndSendNeverDuplicates() async throws {
        // Given a database file with a due reminder, claimed (queued in the outbox) but not yet sent
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sogreto.sqlite")
        var bot = try Rig(world: world, database: try AppDatabase.open(at: file, reminderPlanner: world.planner))
        try await bot.send("/start", at: start)
        #expect(try await bot.fire(at: sproutsDue).messages == 1)
        let queued = try await bot.database.pendingOutboxCount()
        // When the process restarts (the database is reopened) and the scheduler runs again
        let reopened = try Rig(world: world, database: try AppDatabase.open(at: file, reminderPlanner: world.planner))
        #expect(try await reopened.fire(at: sproutsDue.addingTimeInterval(30)).messages == 0)
        // And even if the claim transaction were replayed on the same job (forced back to pending)
        try await reopened.database.writer.write { db in
            try db.execute(sql: "UPDATE jobs SET state = 'pending' WHERE kind = 'unlock'")
        }
        _ = try await reopened.fire(at: sproutsDue.addingTimeInterval(60))
        // Then the outbox still holds exactly one sprouts reminder
        #expect(try await reopened.reminders().count == 1)
        #expect(try await reopened.database.pendingOutboxCount() == queued)
    }

    @Test func theServiceSleepsUntilTheNextJobAndWakesOnChanges() async throws {
        // Given the scheduler running on a manual clock with no jobs
        let clock = ManualClock(start)
        var bot = try Rig(world: world, clock: clock)
        let scheduler = bot.scheduler
        let service = Task { try await scheduler.run() }
        defer { service.cancel() }
        // When a user starts (the update signals the scheduler) and the clock reaches day 2, 10:00
        try await bot.send("/start", at: start)
        await bot.scheduler.wake.signal()
        // (it wakes, finds nothing due and sleeps until the first job)
        #expect(try await eventually { !clock.sleeperDeadlines.isEmpty })
        #expect(try await bot.reminders().isEmpty)
        clock.advance(by: sproutsDue.timeIntervalSince(start))
        // Then the reminder is queued without any polling
        #expect(try await eventually { try await !bot.reminders().isEmpty })
        #expect(try await bot.reminders().count == 1)
    }
}

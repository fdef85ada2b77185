import Foundation
import Media
import Testing
@testable import Bot

/// What every store implementation must do, written once against `Store` and run for each factory
/// in `StoreFactories.all`.
@Suite struct StoreContractTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    // MARK: Intake

    @Test(arguments: StoreFactories.all)
    func aBatchAppliesEachUpdateOnceAndAFailingOneOnlyRollsBackItself(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given a batch with a repeated id and an update whose handler fails
        let batch = [
            Fixtures.reply(updateID: 1, userID: 10, text: "one"),
            Fixtures.reply(updateID: 1, userID: 10, text: "one again"),
            Fixtures.failing(updateID: 2, userID: 11),
            Fixtures.reply(updateID: 3, userID: 12, text: "three"),
        ]
        // When it is applied, then applied again (a redelivery)
        let first = try await store.apply(batch: batch, now: Self.start, offset: 4)
        let again = try await store.apply(batch: batch, now: Self.start.addingTimeInterval(1), offset: 4)
        // Then each id counted once, the failure kept only its apology, and nothing repeated
        #expect(first == [.applied(messages: 1, mediaTasks: 0), .duplicate, .failed(reason: "HandlerFailure"),
                          .applied(messages: 1, mediaTasks: 0)])
        #expect(again == [.duplicate, .duplicate, .duplicate, .duplicate])
        #expect(try await store.outboxRows(chatID: nil).map(\.text) == ["one", "sorry", "three"])
        #expect(try await store.user(10)?.firstName == "U10")
        #expect(try await store.user(11) == nil)
        #expect(try await store.updateOffset() == 4)
        #expect(try await store.events(userID: 10) == [AnalyticsEvent(kind: "replied")])
    }

    @Test(arguments: StoreFactories.all)
    func aLoneUpdateIsAppliedOnceAndAFailingOneKeepsOnlyItsApology(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given updates arriving one at a time (a webhook's): one that works, then one whose handler fails
        let works = try await store.apply(batch: [Fixtures.reply(updateID: 1, userID: 10, text: "one")], now: Self.start, offset: nil)
        let fails = try await store.apply(batch: [Fixtures.failing(updateID: 2, userID: 11)], now: Self.start, offset: nil)
        // When each is delivered again
        let again = try await store.apply(batch: [Fixtures.failing(updateID: 1, userID: 10)], now: Self.start, offset: nil)
        let againFailing = try await store.apply(batch: [Fixtures.failing(updateID: 2, userID: 11)], now: Self.start, offset: nil)
        // Then the first counted once, the failure kept only its apology, and the repeats added nothing
        #expect(works == [.applied(messages: 1, mediaTasks: 0)])
        #expect(fails == [.failed(reason: "HandlerFailure")])
        #expect(again == [.duplicate])
        #expect(againFailing == [.duplicate])
        #expect(try await store.outboxRows(chatID: nil).map(\.text) == ["one", "sorry"])
        #expect(try await store.user(11) == nil)
        #expect(try await store.events(userID: 10) == [AnalyticsEvent(kind: "replied")])
    }

    @Test(arguments: StoreFactories.all)
    func anUpdatesUserRepliesEventsAndRemindersCommitTogetherAndInOrder(_ factory: StoreFactory) async throws {
        let engine = try Fixtures.engine()
        let planner = ReminderPlanner(engine: engine)
        guard let store = try await factory.make(reminderPlanner: planner) else { return }
        // Given a user who started the journey, answered with a message, a button's answer and a
        // second message, with two events
        var user = try Fixtures.startedUser(60, engine: engine, at: Self.start)
        func update(_ id: Int64, _ user: UserRecord, _ texts: [String]) -> PendingUpdate {
            PendingUpdate(updateID: id, userID: 60, chatID: 60, apology: []) { _, _ in
                Decision(user: user, actions: [.message(text: texts[0], keyboard: nil),
                                               .answerCallback(queryID: "q\(id)", text: nil, alert: false),
                                               .message(text: texts[1], keyboard: nil)],
                         events: [AnalyticsEvent(kind: "first", programID: "p"), AnalyticsEvent(kind: "second", detail: "d")])
            }
        }
        func pending() async throws -> [String: Date] {
            Dictionary(uniqueKeysWithValues: try await store.jobs(userID: 60).filter { $0.state == "pending" }
                .map { ($0.job.key, $0.job.dueAt) })
        }
        func planned(_ user: UserRecord, _ now: Date) -> [String: Date] {
            Dictionary(planner.plan(for: user, now: now).map { ($0.key, $0.dueAt) }, uniquingKeysWith: { _, last in last })
        }
        let first = planned(user, Self.start)
        #expect(!first.isEmpty)
        // When it is applied
        // (the outcome names the earliest reminder it planned, so the scheduler wakes only for that)
        #expect(try await store.apply(batch: [update(1, user, ["a", "b"])], now: Self.start, offset: nil)
                    == [.applied(messages: 3, mediaTasks: 0, nextReminder: first.values.min())])
        // Then the user, the replies in order (the button's answer in the immediate lane), the events
        // in order and the planner's reminders are stored
        #expect(try await store.user(60)?.progress == user.progress)
        let rows = try await store.outboxRows(chatID: 60)
        #expect(rows.map(\.text) == ["a", nil, "b"])
        #expect(rows.map(\.priority) == [0, -1, 0])
        #expect(rows.allSatisfy { $0.updateID == 1 && $0.state == "pending" })
        #expect(try await store.events(userID: 60) == [AnalyticsEvent(kind: "first", programID: "p"),
                                                      AnalyticsEvent(kind: "second", detail: "d")])
        #expect(try await pending() == first)
        // And an update that leaves the plan as it was names no reminder
        #expect(try await store.apply(batch: [update(4, user, ["a2", "b2"])], now: Self.start, offset: nil)
                    == [.applied(messages: 3, mediaTasks: 0)])
        // When the user is active again three days later (their nudges move) and then stops
        let later = Self.start.addingTimeInterval(3 * 86_400)
        user.lastActivityAt = later
        let moved = planned(user, later).filter { first[$0.key] != $0.value }.values.min()
        #expect(moved != nil)
        #expect(try await store.apply(batch: [update(2, user, ["c", "d"])], now: later, offset: nil)
                    == [.applied(messages: 3, mediaTasks: 0, nextReminder: moved)])
        #expect(try await pending() == planned(user, later))
        user.status = .stopped
        _ = try await store.apply(batch: [update(3, user, ["e", "f"])], now: later, offset: nil)
        // Then the reminders follow the plan each time, and stopping cancels every one left
        #expect(try await pending().isEmpty)
        #expect(try await store.jobs(userID: 60).allSatisfy { $0.state == "cancelled" })
        #expect(try await store.outboxRows(chatID: 60).map(\.text)
                    == ["a", nil, "b", "a2", nil, "b2", "c", nil, "d", "e", nil, "f"])
    }

    @Test(arguments: StoreFactories.all)
    func aFanOutIsQueuedOnceEvenWhenClaimedTwice(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        // Given thirty users with a reminder due now
        let users = (1...30).map { Int64(100 + $0) }
        try await store.importUsers(users.map(Fixtures.user), jobs: users.map { Fixtures.job(user: $0, key: "r\($0)", due: now) },
                                    now: now)
        // When the batch is claimed, and the same batch again (a second claimer that read it too)
        let batch = try await store.readDueJobs(now: now, limit: 100)
        let first = try await store.claimDueJobs(batch, dispatched: [:], now: now, dispatch: Fixtures.remind)
        let second = try await store.claimDueJobs(batch, dispatched: [:], now: now, dispatch: Fixtures.remind)
        // Then each user has one reminder, in the order of the batch, and the second claim queued nothing
        #expect(first.messages == 30)
        #expect(second.messages == 0)
        let rows = try await store.outboxRows(chatID: nil)
        #expect(rows.map(\.chatID) == batch.userIDs)
        #expect(rows.allSatisfy { $0.text == "reminder for U\($0.chatID)" })
        // And all of them are marked sent together, a row without a message id included
        try await store.markSent(rows.enumerated().map { SentRow(id: $1.id, telegramMessageID: $0 == 0 ? nil : $0, at: now) })
        #expect(try await store.pendingOutboxCount() == 0)
        #expect(try await store.dueOutbox(now: now, excludingChats: [], limit: 100).isEmpty)
    }

    @Test(arguments: StoreFactories.all)
    func concurrentDuplicatesNeitherAbortNorRepeat(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given the same twenty updates delivered by six intakes at once
        let batch = (1...20).map { Fixtures.reply(updateID: Int64($0), userID: Int64(100 + $0), text: "u\($0)") }
        let outcomes = try await withThrowingTaskGroup(of: [BatchOutcome].self) { group in
            for _ in 0..<6 { group.addTask { try await store.apply(batch: batch, now: Self.start) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        // Then none failed, and each update was applied exactly once
        #expect(outcomes.filter { if case .applied = $0 { true } else { false } }.count == 20)
        #expect(outcomes.filter { $0 == .duplicate }.count == 100)
        #expect(try await store.outboxRows(chatID: nil).count == 20)
    }

    @Test(arguments: StoreFactories.all)
    func singleApplyAndRecordFailedAreIdempotentToo(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let decide: @Sendable (UserRecord?) throws -> Decision = { _ in
            Decision(user: Fixtures.user(20), actions: [.message(text: "hi", keyboard: nil)])
        }
        #expect(try await store.apply(updateID: 7, userID: 20, chatID: 20, now: Self.start, decide: decide) == .applied(messages: 1))
        #expect(try await store.apply(updateID: 7, userID: 20, chatID: 20, now: Self.start, decide: decide) == .duplicate)
        try await store.recordFailed(updateID: 7, chatID: 20, actions: [.message(text: "sorry", keyboard: nil)], now: Self.start)
        try await store.recordFailed(updateID: 8, chatID: 20, actions: [.message(text: "sorry", keyboard: nil)], now: Self.start)
        try await store.recordFailed(updateID: 8, chatID: 20, actions: [.message(text: "sorry", keyboard: nil)], now: Self.start)
        #expect(try await store.outboxRows(chatID: 20).map(\.text) == ["hi", "sorry"])
    }

    @Test(arguments: StoreFactories.all)
    func theSavedOffsetIsWherePollingResumes(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        #expect(try await store.updateOffset() == nil)
        try await store.saveUpdateOffset(41)
        try await store.saveUpdateOffset(42)
        #expect(try await store.updateOffset() == 42)
        // A batch's own offset replaces it in the batch's transaction
        _ = try await store.apply(batch: [Fixtures.reply(updateID: 42, userID: 10, text: "a")], now: Self.start, offset: 43)
        #expect(try await store.updateOffset() == 43)
    }

    @Test(arguments: StoreFactories.all)
    func processedUpdateIdsArePrunedByAgeWithoutAnOffset(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given an update applied in webhook mode (no offset)
        _ = try await store.apply(batch: [Fixtures.reply(updateID: 1, userID: 10, text: "a")], now: Self.start)
        // When another comes after the retention
        let later = Self.start.addingTimeInterval(StoreRetention.processedUpdates + 60)
        _ = try await store.apply(batch: [Fixtures.reply(updateID: 2, userID: 10, text: "b")], now: later)
        // Then only the recent id is kept
        #expect(try await store.deliveryAudit().updatesProcessed == 1)
        let pruned = try await store.pruneProcessedUpdates(before: later.addingTimeInterval(1))
        #expect(pruned == 1)
    }

    // MARK: Dates

    @Test(arguments: StoreFactories.all)
    func datesComeBackAtMillisecondPrecisionSoEqualityHolds(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        // Given times with sub-millisecond parts (a clock's reading)
        let times = (0..<50).map { Self.start.addingTimeInterval(Double($0) * 1.000_123_7 + 0.000_46) }
        for (index, time) in times.enumerated() {
            try await store.enqueue([.message(text: "m\(index)", keyboard: nil)], chatID: Int64(500 + index), priority: 1,
                                    dedupeKey: "date-\(index)", notBefore: time, now: time)
        }
        // Then each is read back as the same instant rounded to the millisecond, exactly
        let rows = try await store.outboxRows(chatID: nil)
        #expect(rows.map(\.notBefore) == times.map { Optional($0.roundedToStoredPrecision) })
        #expect(rows.map(\.createdAt) == times.map(\.roundedToStoredPrecision))
        #expect(try await store.nextOutboxDue() == times[0].roundedToStoredPrecision)
    }

    // MARK: Outbox

    @Test(arguments: StoreFactories.all)
    func theOutboxGivesOnlyEachChatsHeadMostUrgentFirst(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.enqueue([.message(text: "a1", keyboard: nil), .message(text: "a2", keyboard: nil)], chatID: 1,
                                priority: 1, now: now)
        try await store.enqueue([.message(text: "b1", keyboard: nil)], chatID: 2, priority: 0, now: now)
        try await store.enqueue([.answerCallback(queryID: "q", text: nil, alert: false)], chatID: 1, priority: 0, now: now)
        // Most urgent first (a callback answer before anything), one row per chat, busy chats skipped
        let due = try await store.dueOutbox(now: now, excludingChats: [], limit: 10)
        #expect(due.map(\.chatID) == [1, 2])
        #expect(due.map(\.priority) == [-1, 0])
        #expect(try await store.dueOutbox(now: now, excludingChats: [1], limit: 10).map(\.chatID) == [2])
        try await store.markSent(due[0].id, telegramMessageID: 5, now: now)
        try await store.markSent([SentRow(id: due[1].id, telegramMessageID: 6, at: now)])
        // Then the chat's own rows in order; a row waiting for its retry holds the later one
        let head = try #require(try await store.dueOutbox(now: now, excludingChats: [], limit: 10).first)
        #expect(head.action == .message(text: "a1", keyboard: nil))
        try await store.markRetry(head.id, notBefore: now.addingTimeInterval(30), error: "HTTP 502")
        #expect(try await store.dueOutbox(now: now, excludingChats: [], limit: 10).isEmpty)
        #expect(try await store.nextOutboxDue() == now.addingTimeInterval(30))
        let retried = try await store.dueOutbox(now: now.addingTimeInterval(30), excludingChats: [], limit: 10)
        #expect(retried.map(\.id) == [head.id])
        #expect(retried.first?.attempts == 1)
        try await store.markFailed(head.id, error: "gave up")
        #expect(try await store.dueOutbox(now: now.addingTimeInterval(30), excludingChats: [], limit: 10).map(\.action)
                == [.message(text: "a2", keyboard: nil)])
        #expect(try await store.pendingOutboxCount() == 1)
        #expect(try await store.outboxRows(chatID: 1).map(\.state) == ["failed", "pending", "sent"])
    }

    @Test(arguments: StoreFactories.all)
    func aDedupeKeyQueuesOnceAndPostponingNeverBringsARowForward(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.enqueue([.message(text: "x", keyboard: nil)], chatID: 3, priority: 1, dedupeKey: "k", now: now)
        try await store.enqueue([.message(text: "x", keyboard: nil)], chatID: 3, priority: 1, dedupeKey: "k", now: now)
        try await store.enqueue([.message(text: "late", keyboard: nil)], chatID: 3, priority: 1, dedupeKey: nil,
                                notBefore: now.addingTimeInterval(600), now: now)
        try await store.postponeChat(3, until: now.addingTimeInterval(60))
        let rows = try await store.outboxRows(chatID: 3)
        #expect(rows.map(\.text) == ["x", "late"])
        #expect(rows.map(\.notBefore) == [now.addingTimeInterval(60), now.addingTimeInterval(600)])
        #expect(try await store.deliveryBacklog(olderThan: 30, now: now.addingTimeInterval(120)) == 1)
    }

    @Test(arguments: StoreFactories.all)
    func aBlockedUserGetsNothingMoreAndTheirJobsStop(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(30)], jobs: [Fixtures.job(user: 30, key: "j30", due: now)], now: now)
        try await store.enqueue([.message(text: "before", keyboard: nil)], chatID: 30, priority: 0, now: now)
        try await store.markBlocked(chatID: 30, now: now)
        try await store.enqueue([.message(text: "after", keyboard: nil)], chatID: 30, priority: 0, now: now)
        #expect(try await store.isBlocked(chatID: 30))
        #expect(try await store.outboxRows(chatID: 30).map(\.state) == ["cancelled"])
        #expect(try await store.jobs(userID: 30).map(\.state) == ["cancelled"])
        #expect(try await store.nextJobDue() == nil)
    }

    // MARK: Jobs

    @Test(arguments: StoreFactories.all)
    func replanningAppliesThePlannersPlanToStoredJobs(_ factory: StoreFactory) async throws {
        let planner = ReminderPlanner(engine: try Fixtures.engine())
        guard let store = try await factory.make(reminderPlanner: planner) else { return }
        let now = Self.start
        // Given a user with no program running, with a reminder left pending from before
        try await store.importUsers([Fixtures.user(43)], jobs: [Fixtures.job(user: 43, key: "stale", due: now.addingTimeInterval(60))],
                                    now: now)
        #expect(planner.plan(for: Fixtures.user(43), now: now).isEmpty)
        // When the store re-plans them, Then the planner's plan (nothing) replaces the stored jobs
        try await store.replanReminders(userID: 43, now: now)
        #expect(try await store.jobs(userID: 43).map(\.state) == ["cancelled"])
        #expect(try await store.nextJobDue() == nil)
        // And an unknown user is no error
        try await store.replanReminders(userID: 999, now: now)
    }

    @Test(arguments: StoreFactories.all)
    func dueJobsAreClaimedOnceIntoTheOutbox(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(40), Fixtures.user(41)], jobs: [
            Fixtures.job(user: 40, key: "a", due: now.addingTimeInterval(-10)),
            Fixtures.job(user: 41, key: "b", due: now.addingTimeInterval(-5)),
            Fixtures.job(user: 41, key: "c", due: now.addingTimeInterval(3600)),
        ], now: now)
        #expect(try await store.nextJobDue() == now.addingTimeInterval(-10))
        // When the scheduler fires twice (a replay)
        let fired = try await store.fireDueJobs(now: now, limit: 10, dispatch: Fixtures.remind)
        let again = try await store.fireDueJobs(now: now, limit: 10, dispatch: Fixtures.remind)
        // Then each due job became one reminder, once
        #expect(fired == FiredJobs(jobs: 2, messages: 2))
        #expect(again == FiredJobs())
        #expect(try await store.jobs(userID: 41).map(\.state) == ["done", "pending"])
        let reminders = try await store.outboxRows(chatID: nil)
        #expect(reminders.map(\.dedupeKey) == ["a", "b"])
        #expect(reminders.allSatisfy { $0.priority == 1 })
        #expect(try await store.nextJobDue() == now.addingTimeInterval(3600))
        let census = try await store.queueCensus()
        #expect(census.jobs == ["done": 2, "pending": 1])
        #expect(census.outbox == ["pending": 2])
    }

    @Test(arguments: StoreFactories.all)
    func aUserChangedBetweenReadAndClaimIsDispatchedAgain(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(42)], jobs: [Fixtures.job(user: 42, key: "r", due: now)], now: now)
        let batch = try await store.readDueJobs(now: now, limit: 10)
        let prepared = Dictionary(uniqueKeysWithValues: batch.userIDs.map { ($0, Fixtures.remind(batch.jobs(of: $0), batch.user($0))) })
        // Meanwhile the user renames themselves
        var renamed = Fixtures.user(42)
        renamed.firstName = "Renamed"
        try await store.importUsers([renamed], jobs: [], now: now)
        _ = try await store.claimDueJobs(batch, dispatched: prepared, now: now, dispatch: Fixtures.remind)
        #expect(try await store.outboxRows(chatID: 42).map(\.text) == ["reminder for Renamed"])
    }

    // MARK: Media tasks

    @Test(arguments: StoreFactories.all)
    func mediaTasksAreClaimedFairlyAndFinishedOnce(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(1), Fixtures.user(2)], jobs: [], now: now)
        for _ in 0..<3 { try await store.recordMediaTasks([MediaTaskRequest(kind: "echo", payload: "{}")], userID: 1, chatID: 1, now: now) }
        try await store.recordMediaTasks([MediaTaskRequest(kind: "echo", payload: "{}", dedupeKey: "once")], userID: 2, chatID: 2, now: now)
        try await store.recordMediaTasks([MediaTaskRequest(kind: "echo", payload: "{}", dedupeKey: "once")], userID: 2, chatID: 2, now: now)
        // One task per user, oldest first; nothing for a busy user
        let claimed = try await store.claimMediaTasks(now: now, limit: 4, busyUsers: [])
        #expect(claimed.map(\.userID) == [1, 2])
        #expect(claimed.allSatisfy { $0.attempt == 1 })
        #expect(try await store.claimMediaTasks(now: now, limit: 4, busyUsers: [1, 2]).isEmpty)
        // A finish commits the render and the replies once
        let render = RenderRecord(kind: "collage", cacheKey: "k", sha256: String(repeating: "ab", count: 32), bytes: 10, sources: [])
        let completion = MediaTaskCompletion.render(render, reply: [.message(text: "готово", keyboard: nil)])
        #expect(try await store.finishMediaTask(claimed[0], now: now, with: completion) == 1)
        #expect(try await store.finishMediaTask(claimed[0], now: now, with: completion) == 0)
        #expect(try await store.cachedRender(userID: 1, kind: "collage", cacheKey: "k") == render.sha256)
        #expect(try await store.renderCount(userID: 1) == 1)
        // A retry waits for its time and keeps the user's later tasks behind it
        try await store.retryMediaTask(claimed[1].id, notBefore: now.addingTimeInterval(10), error: "timeout", now: now)
        #expect(try await store.nextMediaTaskDue() == now.addingTimeInterval(10))
        let next = try await store.claimMediaTasks(now: now, limit: 4, busyUsers: [])
        #expect(next.map(\.userID) == [1])
        // A task left running past its lease (its instance died) is pending again; a failure apologises once
        let late = now.addingTimeInterval(StoreRetention.mediaTaskLease + 1)
        try await store.resetInterruptedMediaTasks(now: late)
        let redo = try await store.claimMediaTasks(now: late, limit: 1, busyUsers: [])
        #expect(redo.map(\.id) == next.map(\.id))
        #expect(redo.first?.attempt == 2)
        try await store.failMediaTask(redo[0], error: "broken", now: now) { user in
            [.message(text: "sorry \(user?.firstName ?? "?")", keyboard: nil)]
        }
        #expect(try await store.mediaTasks(userID: 1).map(\.state) == ["done", "failed", "pending"])
        #expect(try await store.outboxRows(chatID: 1).map(\.text) == ["готово", "sorry U1"])
        #expect(try await store.operationalFigures().mediaTasks == ["pending": 2, "done": 1, "failed": 1])
    }

    @Test(arguments: StoreFactories.all)
    func aRenewedLeaseKeepsALongTaskItsOwnAndALostOneCannotBeRenewed(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        let lease = StoreRetention.mediaTaskLease
        try await store.importUsers([Fixtures.user(1)], jobs: [], now: now)
        try await store.recordMediaTasks([MediaTaskRequest(kind: "export", payload: "{}")], userID: 1, chatID: 1, now: now)
        // Given a long task whose runner renews its lease before it runs out
        let running = try await store.claimMediaTasks(now: now, limit: 1, busyUsers: [])
        #expect(try await store.renewMediaTaskLease(running[0], now: now.addingTimeInterval(lease * 0.9)))
        // Then past the first lease nobody else takes it
        #expect(try await store.claimMediaTasks(now: now.addingTimeInterval(lease * 1.5), limit: 1, busyUsers: []).isEmpty)
        // But once the renewals stop (its instance died) it is claimed again, and the old attempt
        // can no longer renew a lease that is not its own
        let again = try await store.claimMediaTasks(now: now.addingTimeInterval(lease * 2), limit: 1, busyUsers: [])
        #expect(again.map(\.attempt) == [2])
        #expect(try await store.renewMediaTaskLease(running[0], now: now.addingTimeInterval(lease * 2)) == false)
        #expect(try await store.renewMediaTaskLease(again[0], now: now.addingTimeInterval(lease * 2)))
    }

    @Test(arguments: StoreFactories.all)
    func aStartUpNeverTakesATaskALiveInstanceHoldsOnlyOnesWhoseLeaseRanOut(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(1)], jobs: [], now: now)
        for _ in 0..<2 { try await store.recordMediaTasks([MediaTaskRequest(kind: "echo", payload: "{}")], userID: 1, chatID: 1, now: now) }
        // Given a task claimed by a live instance
        let held = try await store.claimMediaTasks(now: now, limit: 4, busyUsers: [])
        #expect(held.map(\.attempt) == [1])
        // When an instance starts a minute later (a restart beside it, or a second instance)
        let minute = now.addingTimeInterval(60)
        try await store.resetInterruptedMediaTasks(now: minute)
        // Then the live task is left running, and the user's next task waits behind it, though the
        // claimer passes no busy users (another instance does not know whom this one serves)
        #expect(try await store.mediaTasks(userID: 1).map(\.state) == ["running", "pending"])
        #expect(try await store.claimMediaTasks(now: minute, limit: 4, busyUsers: []).isEmpty)
        #expect(try await store.nextMediaTaskDue() == now.addingTimeInterval(StoreRetention.mediaTaskLease))
        // When the lease runs out (the holder died or hung), a start-up puts it back and it is claimed again
        let late = now.addingTimeInterval(StoreRetention.mediaTaskLease + 1)
        try await store.resetInterruptedMediaTasks(now: late)
        #expect(try await store.mediaTasks(userID: 1).map(\.state) == ["pending", "pending"])
        let reclaimed = try await store.claimMediaTasks(now: late, limit: 4, busyUsers: [])
        #expect(reclaimed.map(\.id) == held.map(\.id))
        #expect(reclaimed.map(\.attempt) == [2])
        // And only the new claim commits: the old holder waking up finishes nothing
        #expect(try await store.finishMediaTask(held[0], now: late, with: .reply([.message(text: "old", keyboard: nil)])) == 0)
        #expect(try await store.finishMediaTask(reclaimed[0], now: late, with: .reply([.message(text: "new", keyboard: nil)])) == 1)
        #expect(try await store.outboxRows(chatID: 1).map(\.text) == ["new"])
    }

    @Test(arguments: StoreFactories.all)
    func aLeaseRunningOutLetsAClaimTakeTheTaskWithoutAStartUp(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(1)], jobs: [], now: now)
        try await store.recordMediaTasks([MediaTaskRequest(kind: "echo", payload: "{}")], userID: 1, chatID: 1, now: now)
        let held = try await store.claimMediaTasks(now: now, limit: 1, busyUsers: [])
        let justBefore = now.addingTimeInterval(StoreRetention.mediaTaskLease - 1)
        #expect(try await store.claimMediaTasks(now: justBefore, limit: 1, busyUsers: []).isEmpty)
        let after = now.addingTimeInterval(StoreRetention.mediaTaskLease + 1)
        let again = try await store.claimMediaTasks(now: after, limit: 1, busyUsers: [])
        #expect(again.map(\.id) == held.map(\.id))
        #expect(again.map(\.attempt) == [2])
    }

    // MARK: Photo diary, quotas, operations

    @Test(arguments: StoreFactories.all)
    func filedPhotosMakeThePhotoDiaryAndQuotasRefuseWhatDoesNotFit(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(5)], jobs: [], now: now)
        // Given two photos filed by their ingest tasks
        let first = try await Fixtures.file(Fixtures.photo("a", day: 1, bytes: 600), user: 5, store: store, now: now)
        _ = try await Fixtures.file(Fixtures.photo("b", day: 2, bytes: 400), user: 5, store: store, now: now)
        // A photo known by its Telegram file is told it is a duplicate
        let duplicate = try await Fixtures.file(Fixtures.photo("a", day: 1, bytes: 600), user: 5, store: store, now: now)
        #expect(first.count == 1 && duplicate.count == 1 && first != duplicate)
        #expect(try await store.photoCount(userID: 5) == 2)
        #expect(try await store.photoDiary(of: 5).photos.map(\.day) == [1, 2])
        #expect(try await store.storedPhotoDay(userID: 5, fileUniqueID: "file-b") == 2)
        #expect(try await store.photoRows(userID: 5).map(\.day) == [1, 2])
        let ids = try await store.photoDiary(of: 5).photos.map(\.id)
        #expect(try await store.photos(userID: 5, ids: ids.reversed()).map(\.day) == [1, 2])
        #expect(try await store.usedMediaBytes() == 1000)
        // Quotas: the byte cap, the photo cap, the global budget
        #expect(try await store.uploadAllowance(userID: 5, incomingBytes: 10, budget: nil) == .allowed)
        let capped = try await store.setQuota(userID: 5, change: MediaQuota.Change(maxBytes: 1005), actor: "admin:1", now: now)
        #expect(capped?.maxBytes == 1005)
        #expect(try await store.uploadAllowance(userID: 5, incomingBytes: 10, budget: nil) == .refused(.byteLimit))
        _ = try await store.setQuota(userID: 5, change: MediaQuota.Change(maxPhotos: 2, maxBytes: .some(nil)), actor: "admin:1", now: now)
        #expect(try await store.uploadAllowance(userID: 5, incomingBytes: 10, budget: nil) == .refused(.photoLimit))
        _ = try await store.setQuota(userID: 5, change: MediaQuota.Change(maxPhotos: 10), actor: "admin:1", now: now)
        #expect(try await store.uploadAllowance(userID: 5, incomingBytes: 10, budget: MediaBudget(bytes: 1005)) == .refused(.budgetFull))
        #expect(try await store.setQuota(userID: 999, change: MediaQuota.Change(maxPhotos: 1), actor: "admin:1", now: now) == nil)
        // The operator's views agree
        let report = try await store.storageReport(budget: nil)
        #expect(report.photos == 2 && report.bytes == 1000 && report.topUsers.map(\.userID) == [5])
        #expect(try await store.userMedia(5)?.photos.count == 2)
        #expect(try await store.mediaReferences().photos.count == 2)
        #expect(try await store.auditLog().map(\.action) == ["quota.set", "quota.set", "quota.set"])
        // A purge removes the rows, tells the user and releases the blobs
        let purge = try await store.purgeMedia(userID: 5, actor: "admin:1", notice: { _ in [.message(text: "purged", keyboard: nil)] },
                                               now: now)
        #expect(purge?.photos == 2)
        #expect(purge?.releasedBlobs.count == 4)
        #expect(try await store.photoCount(userID: 5) == 0)
        #expect(try await store.outboxRows(chatID: 5).last?.text == "purged")
    }

    @Test(arguments: StoreFactories.all)
    func anAdminsQuotaChangeCommitsWithTheUpdate(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(5)], jobs: [], now: now)
        // Given an admin's update whose decision changes user 5's cap
        let outcome = try await store.apply(updateID: 1, userID: 70, chatID: 70, now: now) { _ in
            var decision = Decision(user: Fixtures.user(70), actions: [.message(text: "done", keyboard: nil)])
            decision.quotaChanges = [QuotaChangeRequest(userID: 5, change: MediaQuota.Change(maxPhotos: 3), actor: "admin:70")]
            return decision
        }
        // Then the cap, its audit row and the reply commit together
        #expect(outcome == .applied(messages: 1))
        #expect(try await store.userMedia(5)?.quota == MediaQuota(maxPhotos: 3, maxBytes: nil))
        #expect(try await store.auditLog().map(\.actor) == ["admin:70"])
    }

    @Test(arguments: StoreFactories.all)
    func aFullPhotoDiaryHoldsThePhotoAndBrokenRowsCanBeDeleted(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(6)], jobs: [], now: now)
        _ = try await Fixtures.file(Fixtures.photo("c", day: 1, bytes: 100), user: 6, store: store, now: now)
        _ = try await store.setQuota(userID: 6, change: MediaQuota.Change(maxPhotos: 1), actor: "t", now: now)
        _ = try await Fixtures.file(Fixtures.photo("d", day: 3, bytes: 100), user: 6, store: store, now: now)
        let diary = try await store.photoDiary(of: 6)
        #expect(diary.photos.count == 1)
        #expect(diary.held.map(\.day) == [3])
        let released = try await store.deleteMediaRows(photoIDs: diary.photos.map(\.id), renderIDs: [], actor: "t",
                                                       detail: ["photos": 1], now: now)
        #expect(released.count == 2)
        #expect(try await store.photoCount(userID: 6) == 0)
    }

    /// The journey a photo belongs to is the one it was sent in: rows are dated when the user
    /// sent the photo (also one held while the diary was full and adopted later), and the diary
    /// snapshot carries that date.
    @Test(arguments: StoreFactories.all)
    func photosAreDatedWhenTheUserSentThemAlsoWhenAdoptedLater(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(8)], jobs: [], now: now)
        // Given a photo sent an hour before its task finished, in a diary of one photo at most
        var sent = Fixtures.photo("h", day: 2, bytes: 100)
        sent.facts.takenAt = now.addingTimeInterval(-3600)
        _ = try await Fixtures.file(sent, user: 8, store: store, now: now)
        _ = try await store.setQuota(userID: 8, change: MediaQuota.Change(maxPhotos: 1), actor: "t", now: now)
        // When another photo, sent a minute before, is held and adopted a day later in its place
        var held = Fixtures.photo("i", day: 3, bytes: 100)
        held.facts.takenAt = now.addingTimeInterval(-60)
        _ = try await Fixtures.file(held, user: 8, store: store, now: now)
        let diary = try await store.photoDiary(of: 8)
        let taskID = try #require(diary.held.first?.taskID)
        #expect(diary.photos.map(\.takenAt) == [now.addingTimeInterval(-3600)])
        let replaced = try #require(diary.photos.first?.id)
        _ = try await store.apply(updateID: 30, userID: 8, chatID: 8, now: now.addingTimeInterval(86_400)) { user, _ in
            var decision = Decision(user: user ?? Fixtures.user(8))
            decision.photoDiaryChanges = [.adoptHeldPhoto(taskID: taskID, replacing: replaced)]
            return decision
        }
        // Then the adopted photo keeps the time it was sent, in the snapshot and in the diary's rows
        #expect(try await store.photoDiary(of: 8).photos.map(\.takenAt) == [now.addingTimeInterval(-60)])
        #expect(try await store.photoRows(userID: 8).map(\.createdAt) == [now.addingTimeInterval(-60)])
    }

    @Test(arguments: StoreFactories.all)
    func releasedBlobsKeepTheirFirstReleaseTimeAndStaleRendersGo(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(9)], jobs: [], now: now)
        let photo = Fixtures.photo("e", day: 1, bytes: 100)
        _ = try await Fixtures.file(photo, user: 9, store: store, now: now)
        // Given a render drawn from that photo
        try await store.recordMediaTasks([MediaTaskRequest(kind: "collage", encoding: photo.payload)], userID: 9, chatID: 9, now: now)
        let task = try #require(try await store.claimMediaTasks(now: now, limit: 1, busyUsers: []).first)
        let render = RenderRecord(kind: "collage", cacheKey: "k", sha256: String(repeating: "f", count: 64), bytes: 10,
                                  sources: [photo.facts.sha256])
        try await store.finishMediaTask(task, now: now, with: .render(render, reply: []))
        #expect(try await store.deleteStaleRenders() == 0)
        // A blob a row refers to is never released; one no row refers to keeps its first release time
        let loose = String(repeating: "9", count: 64)
        #expect(try await store.isBlobReferenced(photo.facts.sha256))
        #expect(try await !store.isBlobReferenced(loose))
        #expect(try await store.noteReleasedBlobs([loose, photo.facts.sha256], now: now) == [loose: now])
        #expect(try await store.noteReleasedBlobs([loose], now: now.addingTimeInterval(60)) == [loose: now])
        // Forgotten (collected), its clock starts afresh
        try await store.forgetBlobRelease(loose)
        let later = now.addingTimeInterval(120)
        #expect(try await store.noteReleasedBlobs([loose], now: later) == [loose: later])
        // When the photo leaves the diary, the render made from it is stale
        let ids = try await store.photoDiary(of: 9).photos.map(\.id)
        _ = try await store.deleteMediaRows(photoIDs: ids, renderIDs: [], actor: "t", detail: [:], now: later)
        #expect(try await store.deleteStaleRenders() == 1)
        #expect(try await !store.isBlobReferenced(render.sha256))
    }

    @Test(arguments: StoreFactories.all)
    func theBudgetAlertGoesOutOncePerCrossing(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.importUsers([Fixtures.user(7), Fixtures.user(70)], jobs: [], now: now)
        _ = try await Fixtures.file(Fixtures.photo("e", day: 1, bytes: 950), user: 7, store: store, now: now)
        let alert: @Sendable (MediaBudget.Usage, String) -> OutboxAction = { _, locale in .message(text: "full \(locale)", keyboard: nil) }
        #expect(try await store.checkMediaBudget(MediaBudget(bytes: 1000), adminIDs: [70], alert: alert, now: now))
        #expect(try await !store.checkMediaBudget(MediaBudget(bytes: 1000), adminIDs: [70], alert: alert, now: now))
        #expect(try await store.outboxRows(chatID: 70).map(\.text) == ["full ru"])
    }

    @Test(arguments: StoreFactories.all)
    func funnelFiguresCountEachStepOfEachUser(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let events: [[AnalyticsEvent]] = [
            [AnalyticsEvent(kind: "activated"), AnalyticsEvent(kind: "stage_started"), AnalyticsEvent(kind: "day7_reached"),
             AnalyticsEvent(kind: "nps", detail: "4"), AnalyticsEvent(kind: "nps", detail: "9")],
            [AnalyticsEvent(kind: "activated"), AnalyticsEvent(kind: "completed"),
             AnalyticsEvent(kind: "next_kit", programID: "basil"), AnalyticsEvent(kind: "activated", programID: "basil", detail: "bs-2")],
            [],
        ]
        for (index, list) in events.enumerated() {
            let id = Int64(60 + index)
            _ = try await store.apply(updateID: id, userID: id, chatID: id, now: Self.start.addingTimeInterval(Double(index))) { _ in
                Decision(user: Fixtures.user(id), actions: [], events: list)
            }
        }
        let facts = try await store.funnelFacts()
        #expect(facts.map(\.activatedAt) == [Self.start, Self.start.addingTimeInterval(1), nil])
        #expect(facts.map(\.startedPractice) == [true, false, false])
        #expect(facts.map(\.reachedDay7) == [true, false, false])
        #expect(facts.map(\.npsScore) == [9, nil, nil])
        #expect(facts.map(\.startedNextKit) == [false, true, false], "a later kit counts once, for its user")
        #expect(facts.map(\.completed) == [false, true, false])
        #expect(try await store.funnelReport() == FunnelReport.build(from: facts))
    }

    // MARK: Smaller tables

    @Test(arguments: StoreFactories.all)
    func auditRowsKeepIdsAndNumbersNewestFirst(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await store.recordAudit(actor: "admin:1", action: "quota.set", target: "user:5",
                                    detail: ["max_photos": 3, "max_bytes": nil], now: now)
        try await store.recordAudit(actor: "system", action: "backup", target: nil, detail: [:], now: now.addingTimeInterval(1.0004))
        let log = try await store.auditLog()
        #expect(log.map(\.action) == ["backup", "quota.set"])
        #expect(log.map(\.detail) == [nil, #"{"max_bytes":null,"max_photos":3}"#])
        #expect(log.map(\.target) == [nil, "user:5"])
        #expect(log.map(\.at) == [now.addingTimeInterval(1.0004).roundedToStoredPrecision, now])
        #expect(try await store.auditLog(limit: 1).map(\.actor) == ["system"])
    }

    @Test(arguments: StoreFactories.all)
    func telegramFilesVisionSupportAndIncidentsRoundTrip(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        let sha = String(repeating: "f", count: 64)
        try await store.rememberTelegramFile(sha256: sha, kind: .photo, fileID: "A", now: now)
        try await store.rememberTelegramFile(sha256: sha, kind: .photo, fileID: "B", now: now)
        try await store.forgetTelegramFile(sha256: sha, kind: .photo, fileID: "A")
        #expect(try await store.telegramFileID(sha256: sha, kind: .photo) == "B")
        #expect(try await store.telegramFileID(sha256: sha, kind: .document) == nil)
        try await store.forgetTelegramFile(sha256: sha, kind: .photo, fileID: "B")
        #expect(try await store.telegramFileID(sha256: sha, kind: .photo) == nil)

        let answer = #"{"advice":"Water lightly.","confidence":0.8,"health":"ok","stage":"sprout"}"#
        try await store.cacheVisionAnswer(answer, sha256: sha, locale: "en", now: now)
        #expect(try await store.cachedVisionAnswer(sha256: sha, locale: "en") == answer)
        #expect(try await store.cachedVisionAnswer(sha256: sha, locale: "ru") == nil)
        #expect(try await store.reserveVisionCall(userID: 1, day: "2026-12-06", perUser: 1, budget: 2))
        #expect(try await !store.reserveVisionCall(userID: 1, day: "2026-12-06", perUser: 1, budget: 2))
        #expect(try await store.reserveVisionCall(userID: 2, day: "2026-12-06", perUser: 1, budget: 2))
        #expect(try await !store.reserveVisionCall(userID: 3, day: "2026-12-06", perUser: 1, budget: 2))

        _ = try await store.apply(updateID: 1, userID: 8, chatID: 8, now: now) { _ in
            var decision = Decision(user: Fixtures.user(8))
            decision.supportMessages = [SupportMessage(userID: 8, direction: .fromUser, adminID: nil, kind: "text", text: "help", fileID: nil)]
            return decision
        }
        #expect(try await store.supportMessages(userID: 8).map(\.text) == ["help"])

        #expect(try await store.incidentBook() == IncidentBook())
        var book = IncidentBook()
        let changes = book.update(with: AlertReading(errors: 100, rateLimits: 0, backlog: 0, diskFreePercent: 50), thresholds: AlertThresholds(), now: now)
        try await store.recordIncidents(book, changes: changes, admins: [8], now: now) { _, locale in "alert \(locale)" }
        try await store.recordIncidents(book, changes: changes, admins: [8], now: now) { _, locale in "alert \(locale)" }
        #expect(try await store.incidentBook() == book)
        #expect(try await store.outboxRows(chatID: 8).map(\.text) == Array(repeating: "alert ru", count: changes.count))
        #expect(try await !store.appliedMigrations().isEmpty)
    }
}

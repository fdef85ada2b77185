import Bot
import Foundation
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import Testing

/// The store's operations on PostgreSQL, with two store objects on one database standing for two
/// instances where it matters.
@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct PostgresStoreOperationTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000.123_456)

    static func store(_ database: PostgresTestDatabase? = nil) async throws -> (PostgresAppDatabase, PostgresTestDatabase) {
        let database = if let database { database } else { try await Fixtures.database() }
        return (try await PostgresAppDatabase.open(try Fixtures.url(database), logger: Fixtures.logger), database)
    }

    static func greeting(_ user: UserRecord?, id: Int64, text: String = "hello") -> Decision {
        var record = user ?? UserRecord(id: id, firstName: "Ann", languageCode: "en", locale: "en", now: now)
        record.lastActivityAt = now
        return Decision(user: record, actions: [.message(text: text, keyboard: nil)], events: [AnalyticsEvent(kind: "greeted")])
    }

    @Test func anUpdateAppliesOnceAndItsUserAndDatesComeBackToTheMillisecond() async throws {
        let (store, _) = try await Self.store()
        defer { Task { await store.close() } }

        let first = try await store.apply(updateID: 1, userID: 7, chatID: 7, now: Self.now) { Self.greeting($0, id: 7) }
        let again = try await store.apply(updateID: 1, userID: 7, chatID: 7, now: Self.now) { Self.greeting($0, id: 7) }

        #expect(first == .applied(messages: 1))
        #expect(again == .duplicate)
        let user = try #require(try await store.user(7))
        let rounded = Date(timeIntervalSince1970: (Self.now.timeIntervalSince1970 * 1000).rounded() / 1000)
        #expect(user.updatedAt == rounded)
        #expect(user.lastActivityAt == rounded)
        #expect(try await store.outboxRows(chatID: 7).map(\.text) == ["hello"])
        #expect(try await store.events(userID: 7).map(\.kind) == ["greeted"])
    }

    @Test func twoInstancesApplyingTheSameUpdateAtOnceApplyItOnceAndNeitherFails() async throws {
        let (one, database) = try await Self.store()
        let (two, _) = try await Self.store(database)
        defer { Task { await one.close(); await two.close() } }

        for updateID in Int64(1)...20 {
            async let a = one.apply(batch: [PendingUpdate(updateID: updateID, userID: 9, chatID: 9, apology: []) {
                user, _ in Self.greeting(user, id: 9, text: "a\(updateID)") }], now: Self.now)
            async let b = two.apply(batch: [PendingUpdate(updateID: updateID, userID: 9, chatID: 9, apology: []) {
                user, _ in Self.greeting(user, id: 9, text: "b\(updateID)") }], now: Self.now)
            let outcomes = try await [a, b].flatMap { $0 }
            #expect(outcomes.filter { $0 == .duplicate }.count == 1)
        }
        #expect(try await one.outboxRows(chatID: 9).count == 20)
    }

    @Test func twoInstancesApplyingOneChatsUpdatesAtOnceEachReadWhatThePreviousOneWrote() async throws {
        let (one, database) = try await Self.store()
        let (two, _) = try await Self.store(database)
        defer { Task { await one.close(); await two.close() } }
        // Each update counts itself in the user's name: an update that read the user before the
        // chat's previous update committed (its lock taken too late) would count a number twice.
        @Sendable func counting(_ user: UserRecord?) -> Decision {
            var record = user ?? UserRecord(id: 5, firstName: "0", languageCode: "en", locale: "en", now: Self.now)
            record.firstName = String((Int(record.firstName) ?? 0) + 1)
            return Decision(user: record, actions: [.message(text: record.firstName, keyboard: nil)])
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for updateID in Int64(1)...40 {
                let store = updateID % 2 == 0 ? one : two
                group.addTask {
                    _ = try await store.apply(updateID: updateID, userID: 5, chatID: 5, now: Self.now) { counting($0) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await one.user(5)?.firstName == "40")
        #expect(try await one.outboxRows(chatID: 5).map(\.text) == (1...40).map { String($0) })
    }

    @Test func aFailingUpdateInABatchKeepsOnlyItsApologyAndTheOthersApply() async throws {
        struct Broken: Error {}
        let (store, _) = try await Self.store()
        defer { Task { await store.close() } }
        let sorry = [OutboxAction.message(text: "sorry", keyboard: nil)]
        let outcomes = try await store.apply(batch: [
            PendingUpdate(updateID: 1, userID: 3, chatID: 3, apology: sorry) { user, _ in Self.greeting(user, id: 3) },
            PendingUpdate(updateID: 2, userID: 3, chatID: 3, apology: sorry) { _, _ in throw Broken() },
            PendingUpdate(updateID: 3, userID: 3, chatID: 3, apology: sorry) { user, _ in Self.greeting(user, id: 3, text: "again") },
        ], now: Self.now, offset: 4)
        #expect(outcomes == [.applied(messages: 1, mediaTasks: 0), .failed(reason: "Broken"), .applied(messages: 1, mediaTasks: 0)])
        #expect(try await store.outboxRows(chatID: 3).map(\.text) == ["hello", "sorry", "again"])
        #expect(try await store.updateOffset() == 4)
    }

    @Test func eachChatGoesOutInOrderOneHeadAtATime() async throws {
        let (store, _) = try await Self.store()
        defer { Task { await store.close() } }
        for (chat, text) in [(1, "1a"), (2, "2a"), (1, "1b")] as [(Int64, String)] {
            try await store.enqueue([.message(text: text, keyboard: nil)], chatID: chat, priority: 0, now: Self.now)
        }
        let due = try await store.dueOutbox(now: Self.now, excludingChats: [], limit: 10)
        #expect(due.map(\.chatID) == [1, 2])
        try await store.markSent(due.map { SentRow(id: $0.id, telegramMessageID: 1, at: Self.now) })
        let next = try await store.dueOutbox(now: Self.now, excludingChats: [], limit: 10)
        #expect(next.count == 1)
        #expect(try await store.outboxRows(chatID: 1).map(\.state) == ["sent", "pending"])
        #expect(try await store.pendingOutboxCount() == 1)
    }

    @Test func aDedupeKeyQueuesOnce() async throws {
        let (store, _) = try await Self.store()
        defer { Task { await store.close() } }
        for _ in 0..<3 {
            try await store.enqueue([.message(text: "once", keyboard: nil)], chatID: 5, priority: 1, dedupeKey: "k",
                                    now: Self.now)
        }
        #expect(try await store.outboxRows(chatID: 5).count == 1)
    }

    @Test func twoInstancesClaimingMediaTasksNeverTakeTheSameTaskNorTwoOfOneUser() async throws {
        // Given three users with two tasks each
        let (one, database) = try await Self.store()
        let (two, _) = try await Self.store(database)
        defer { Task { await one.close(); await two.close() } }
        for user in Int64(1)...3 {
            try await one.recordMediaTasks([MediaTaskRequest(kind: "collage", payload: "{}"),
                                            MediaTaskRequest(kind: "timeline", payload: "{}")],
                                           userID: user, chatID: user, now: Self.now)
        }

        // When both instances claim at the same moment
        async let a = one.claimMediaTasks(now: Self.now, limit: 10, busyUsers: [])
        async let b = two.claimMediaTasks(now: Self.now, limit: 10, busyUsers: [])
        let claimed = try await a + b

        // Then each user's first task is claimed once, and their second waits for it
        #expect(claimed.map(\.userID).sorted() == [1, 2, 3])
        #expect(Set(claimed.map(\.id)).count == 3)
        #expect(try await one.claimMediaTasks(now: Self.now, limit: 10, busyUsers: []).isEmpty)

        // And once a task is finished, its user's next task can be claimed
        let first = try #require(claimed.first)
        let queued = try await two.finishMediaTask(first, now: Self.now, with: .reply([.message(text: "done", keyboard: nil)]))
        #expect(queued == 1)
        let next = try await one.claimMediaTasks(now: Self.now, limit: 10, busyUsers: [])
        #expect(next.map(\.userID) == [first.userID])
    }

    @Test func aRunningTaskIsNotResetAtAnotherInstancesStartButIsReclaimedWhenItsLeaseRunsOut() async throws {
        let (store, _) = try await Self.store()
        defer { Task { await store.close() } }
        try await store.recordMediaTasks([MediaTaskRequest(kind: "collage", payload: "{}")], userID: 1, chatID: 1, now: Self.now)
        let claimed = try await store.claimMediaTasks(now: Self.now, limit: 1, busyUsers: [])
        #expect(claimed.count == 1)

        // Another instance starting a minute later leaves the live task alone
        try await store.resetInterruptedMediaTasks(now: Self.now.addingTimeInterval(60))
        #expect(try await store.mediaTasks(userID: 1).map(\.state) == ["running"])
        #expect(try await store.claimMediaTasks(now: Self.now.addingTimeInterval(60), limit: 1, busyUsers: []).isEmpty)

        // Past the lease, the task is claimed again, and the first claim can no longer finish it
        let later = Self.now.addingTimeInterval(600)
        let reclaimed = try await store.claimMediaTasks(now: later, limit: 1, busyUsers: [])
        #expect(reclaimed.map(\.id) == claimed.map(\.id))
        #expect(reclaimed.first?.attempt == 2)
        let stale = try await store.finishMediaTask(claimed[0], now: later, with: .reply([.message(text: "x", keyboard: nil)]))
        #expect(stale == 0)
        let fresh = try await store.finishMediaTask(reclaimed[0], now: later, with: .reply([.message(text: "y", keyboard: nil)]))
        #expect(fresh == 1)
    }

    @Test func onlyOneRowPerChatCanBeInFlight() async throws {
        let (store, database) = try await Self.store()
        await store.close()
        let connection = try await Fixtures.connect(database)
        try await connection.query("""
            INSERT INTO outbox (chat_id, action, state, created_at) VALUES (1, '{}', 'sending', now()), (2, '{}', 'sending', now())
            """, logger: Fixtures.logger)
        await #expect(throws: PSQLError.self) {
            try await connection.query("INSERT INTO outbox (chat_id, action, state, created_at) VALUES (1, '{}', 'sending', now())",
                                       logger: Fixtures.logger)
        }
        try await connection.close()
    }
}

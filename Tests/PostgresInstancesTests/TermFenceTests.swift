import Foundation
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import Testing
@testable import Bot
import TestSupport

@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct TermFenceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Starts a term by hand, as an elector's win does.
    private func startTerm(_ instance: String, on connection: PostgresConnection) async throws -> Int64 {
        try await InstanceFixtures.scalar("INSERT INTO leader_terms (instance) VALUES (\(instance)) RETURNING term",
                                          on: connection, as: Int64.self) ?? -1
    }

    @Test func aDeposedLeadersClaimsAreRefusedItsSendsStillRecordedAndTheNewLeaderSendsWhatItLeftInFlight() async throws {
        // Given two instances' leader stores on one database, the first leading under term 1
        let (database, url) = try await InstanceFixtures.database()
        let plain = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        let (termA, termB) = (ManualTerm(), ManualTerm())
        let a = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger, fence: termA.fence)
        let b = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger, fence: termB.fence)
        let admin = try await InstanceFixtures.connect(database)
        termA.term = try await startTerm("a", on: admin)
        for chat: Int64 in [1, 2, 3] {
            try await plain.enqueue([.message(text: "hello \(chat)", keyboard: nil)], chatID: chat, priority: 0, now: now)
        }

        // And the first leader has claimed chats 1 and 2 ('sending' under its term)
        let claimedByA = try await a.dueOutbox(now: now, excludingChats: [], limit: 2)
        #expect(claimedByA.map(\.chatID) == [1, 2])
        #expect(try await plain.outboxRows(chatID: nil).map(\.state) == ["sending", "sending", "pending"])

        // When another instance wins term 2
        termB.term = try await startTerm("b", on: admin)

        // Then the old leader can claim nothing more, nor requeue what it holds
        await #expect(throws: (any Error).self) { _ = try await a.dueOutbox(now: now, excludingChats: [], limit: 5) }
        let refusal = await #expect(throws: (any Error).self) {
            try await a.markRetry(claimedByA[0].id, notBefore: now, error: "timeout")
        }
        #expect(refusal.map(PostgresStoreError.isDeposedLeader) == true)
        // But what it did send is recorded: Telegram has the message whoever leads now
        try await a.markSent(claimedByA[1].id, telegramMessageID: 7, now: now)

        // And the new leader requeues the unsettled row and sends it with the one it never saw
        #expect(try await b.requeueInFlight(before: termB.term ?? 0) == 1)
        let claimedByB = try await b.dueOutbox(now: now, excludingChats: [], limit: 5)
        #expect(claimedByB.map(\.chatID) == [1, 3])
        for item in claimedByB { try await b.markSent(item.id, telegramMessageID: nil, now: now) }
        let rows = try await plain.outboxRows(chatID: nil)
        #expect(rows.map(\.state) == ["sent", "sent", "sent"])
        #expect(rows.map(\.attempts) == [1, 1, 1])

        try await admin.close()
        for store in [plain, a, b] { await store.close() }
    }

    @Test func aLeaderReleasesClaimsItHeldBackSoTheyAreDueAgainButADeposedLeaderCannot() async throws {
        // Given a leader that has claimed the heads of chats 1 and 2
        let (database, url) = try await InstanceFixtures.database()
        let plain = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        let term = ManualTerm()
        let a = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger, fence: term.fence)
        let admin = try await InstanceFixtures.connect(database)
        term.term = try await startTerm("a", on: admin)
        for chat: Int64 in [1, 2] {
            try await plain.enqueue([.message(text: "hello \(chat)", keyboard: nil)], chatID: chat, priority: 0, now: now)
        }
        let claimed = try await a.dueOutbox(now: now, excludingChats: [], limit: 5)
        #expect(claimed.map(\.chatID) == [1, 2])

        // When it holds chat 1's back (its pacer) and releases it
        try await a.releaseOutbox([claimed[0].id])

        // Then that row is pending and due again, while chat 2's stays claimed
        #expect(try await plain.outboxRows(chatID: nil).map(\.state) == ["pending", "sending"])
        #expect(try await a.dueOutbox(now: now, excludingChats: [], limit: 5).map(\.id) == [claimed[0].id])

        // And once another instance's term starts, the old leader can release nothing
        _ = try await startTerm("b", on: admin)
        let refusal = await #expect(throws: (any Error).self) { try await a.releaseOutbox([claimed[1].id]) }
        #expect(refusal.map(PostgresStoreError.isDeposedLeader) == true)
        #expect(try await plain.outboxRows(chatID: nil).map(\.state) == ["sending", "sending"])

        try await admin.close()
        for store in [plain, a] { await store.close() }
    }

    @Test func aDeposedLeaderCannotFireDueRemindersButTheNewLeaderFiresEachOnce() async throws {
        // Given due reminders and a leader deposed by a newer term
        let (database, url) = try await InstanceFixtures.database()
        let plain = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        let (termA, termB) = (ManualTerm(), ManualTerm())
        let a = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger, fence: termA.fence)
        let b = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger, fence: termB.fence)
        let admin = try await InstanceFixtures.connect(database)
        try await plain.importUsers([InstanceFixtures.user(10), InstanceFixtures.user(11)],
                                    jobs: [InstanceFixtures.job(user: 10, key: "r10", due: now),
                                           InstanceFixtures.job(user: 11, key: "r11", due: now)], now: now)
        termA.term = try await startTerm("a", on: admin)
        // The old leader read the batch while it led
        let batch = try await a.readDueJobs(now: now, limit: 10)
        termB.term = try await startTerm("b", on: admin)

        // When it tries to claim the batch under its ended term
        let refusal = await #expect(throws: (any Error).self) {
            _ = try await a.claimDueJobs(batch, dispatched: [:], now: now, dispatch: InstanceFixtures.remind)
        }

        // Then nothing of it was written, and the new leader fires each reminder once
        #expect(refusal.map(PostgresStoreError.isDeposedLeader) == true)
        #expect(try await plain.outboxRows(chatID: nil).isEmpty)
        let fired = try await b.fireDueJobs(now: now, limit: 10, dispatch: InstanceFixtures.remind)
        #expect(fired.messages == 2)
        #expect(try await b.fireDueJobs(now: now, limit: 10, dispatch: InstanceFixtures.remind).messages == 0)
        #expect(try await plain.outboxRows(chatID: nil).map(\.chatID).sorted() == [10, 11])

        try await admin.close()
        for store in [plain, a, b] { await store.close() }
    }

    @Test func aNewTermWaitsForTheOldLeadersClaimInProgressSoTheClaimIsRequeuedNotLost() async throws {
        // Given a leader in the middle of a fenced transaction (its claim holds the fence's shared lock)
        let (database, url) = try await InstanceFixtures.database()
        let plain = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        try await plain.enqueue([.message(text: "hello", keyboard: nil)], chatID: 5, priority: 0, now: now)
        let admin = try await InstanceFixtures.connect(database)
        let oldTerm = try await startTerm("a", on: admin)
        let leader = try await InstanceFixtures.connect(database)
        try await leader.query("BEGIN", logger: InstanceFixtures.logger)
        try await leader.query("SELECT set_config('sogreto.term', \(String(oldTerm)), true)", logger: InstanceFixtures.logger)
        try await leader.query("UPDATE outbox SET state = 'sending', term = \(oldTerm) WHERE chat_id = 5",
                               logger: InstanceFixtures.logger)

        // When another instance starts a term meanwhile
        let newTerm = Task { try await startTerm("b", on: admin) }
        let observer = try await InstanceFixtures.connect(database)
        let waiting = try await eventually(within: .seconds(5)) {
            // Only this database's locks: other tests share the cluster and take advisory locks of their own.
            try await InstanceFixtures.scalar("""
                SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, on: observer, as: Int64.self) == 1
        }
        try await observer.close()
        #expect(waiting)
        #expect(try await plain.outboxRows(chatID: 5).map(\.state) == ["pending"])

        // Then the new term begins only once the claim committed, and sees the row in flight
        try await leader.query("COMMIT", logger: InstanceFixtures.logger)
        let term = try await newTerm.value
        #expect(term > oldTerm)
        let termB = ManualTerm()
        termB.term = term
        let b = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger, fence: termB.fence)
        #expect(try await b.requeueInFlight(before: term) == 1)
        #expect(try await b.dueOutbox(now: now, excludingChats: [], limit: 5).map(\.chatID) == [5])

        try await leader.close()
        try await admin.close()
        for store in [plain, b] { await store.close() }
    }
}

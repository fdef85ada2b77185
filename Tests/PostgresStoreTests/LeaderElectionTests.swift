import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct LeaderElectionTests {
    static let timing = LeaderElector.Timing(pollInterval: .milliseconds(200), heartbeatInterval: .milliseconds(500),
                                             heartbeatTimeout: .seconds(2), rejoinDelay: .seconds(3))

    /// A migrated database and two electors competing on it.
    static func twoElectors() async throws -> (PostgresTestDatabase, LeaderElector, LeaderElector) {
        let database = try await Fixtures.database()
        let url = try Fixtures.url(database)
        try await PostgresAppDatabase.open(url, logger: Fixtures.logger).close()
        return (database,
                LeaderElector(url: url, instance: "a", timing: timing, logger: Fixtures.logger),
                LeaderElector(url: url, instance: "b", timing: timing, logger: Fixtures.logger))
    }

    @Test func exactlyOneOfTwoInstancesLeadsWithTheFirstTerm() async throws {
        let (database, a, b) = try await Self.twoElectors()
        let runs = [Task { await a.run() }, Task { await b.run() }]
        defer { runs.forEach { $0.cancel() } }

        let term = await Self.firstLeader(a, b).term
        // The follower has tried the lock twice since (each try seen after the one before)
        let admin = try await Fixtures.connect(database)
        for _ in 0..<2 {
            let since = try await Fixtures.scalar("SELECT clock_timestamp()", on: admin, as: Date.self) ?? Date()
            #expect(try await eventually { try await Self.lockTries(since: since, on: admin) >= 1 })
        }
        let leaders = [a.leadership, b.leadership].compactMap(\.term)
        #expect(leaders == [term])
        #expect(term == 1)
        try await admin.close()
    }

    @Test func killingTheLeadersConnectionStepsItDownAtOnceAndTheOtherTakesOverWithinFiveSeconds() async throws {
        // Given two instances, one leading
        let (database, a, b) = try await Self.twoElectors()
        let runs = [Task { await a.run() }, Task { await b.run() }]
        defer { runs.forEach { $0.cancel() } }
        let (leader, oldTerm) = await Self.firstLeader(a, b)
        let follower = leader === a ? b : a
        var leaderChanges = leader.changes().makeAsyncIterator()
        _ = await leaderChanges.next()   // its current state: leading

        // When the server ends the leader's connection (as when its process dies)
        let admin = try await Fixtures.connect(database)
        let clock = ContinuousClock()
        let killed = clock.now
        let ended = try await Fixtures.scalar("""
            SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND classid = 1399809906 AND objid = 2 AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, on: admin, as: Bool.self)
        #expect(ended == true)

        // Then the old leader knows at once that it no longer leads
        let next = await leaderChanges.next()
        let steppedDown = clock.now - killed
        #expect(next == .follower)
        #expect(steppedDown < .seconds(1))

        // And the other instance leads under a new term within 5 s
        let newTerm = await follower.waitForLeadership()
        let takeover = clock.now - killed
        print("leader takeover after pg_terminate_backend: \(takeover) (old leader stepped down after \(steppedDown))")
        #expect(takeover < .seconds(5))
        #expect((newTerm ?? 0) > oldTerm)
        #expect(leader.leadership == .follower)

        // And the new term is recorded for the instance that won it
        let instance = try await Fixtures.scalar("SELECT instance FROM leader_terms WHERE term = \(newTerm ?? -1)",
                                                 on: admin, as: String.self)
        try await admin.close()
        #expect(instance == (follower === a ? "a" : "b"))
    }

    @Test func stoppingTheLeaderHandsLeadershipOver() async throws {
        let (_, a, b) = try await Self.twoElectors()
        let runA = Task { await a.run() }
        let runB = Task { await b.run() }
        defer { runA.cancel(); runB.cancel() }
        let (leader, oldTerm) = await Self.firstLeader(a, b)

        (leader === a ? runA : runB).cancel()
        await (leader === a ? runA : runB).value

        #expect(leader.leadership == .follower)
        let newTerm = await (leader === a ? b : a).waitForLeadership()
        #expect((newTerm ?? 0) > oldTerm)
    }

    @Test func aFollowerWhoseConnectionStopsAnsweringReplacesItAndTakesOverWhenTheLeaderGoes() async throws {
        // Given two instances, one leading, and the follower's connection frozen (its server
        // process stopped: every query on it waits forever, as on a dead network path)
        let (database, a, b) = try await Self.twoElectors()
        let runA = Task { await a.run() }
        let runB = Task { await b.run() }
        defer { runA.cancel(); runB.cancel() }
        let (leader, oldTerm) = await Self.firstLeader(a, b)
        let follower = leader === a ? b : a
        let admin = try await Fixtures.connect(database)
        var found: Int32?
        _ = try await eventually {
            found = try await Fixtures.scalar("""
                SELECT pid FROM pg_stat_activity
                WHERE application_name = \(LeaderElector.applicationName) AND datname = current_database()
                  AND pid NOT IN (\(unescaped: Self.lockHolder))
                """, on: admin, as: Int32.self)
            return found != nil
        }
        let frozen = try #require(found)
        kill(frozen, SIGSTOP)
        defer { kill(frozen, SIGCONT) }

        // When the leader stops
        let clock = ContinuousClock()
        let stopped = clock.now
        (leader === a ? runA : runB).cancel()
        await (leader === a ? runA : runB).value

        // Then the follower gives up its frozen connection, competes on a new one and leads within
        // four heartbeat timeouts: one to notice the silence, the rest for reconnecting on a busy
        // two-core machine, where the whole suite runs beside it
        let newTerm = await Self.leadership(of: follower, within: .seconds(12))
        let takeover = clock.now - stopped
        print("takeover by a follower whose connection had stopped answering: \(takeover)")
        #expect(newTerm != nil && takeover < Self.timing.heartbeatTimeout * 4)
        #expect((newTerm ?? 0) > oldTerm)
        try await admin.close()
    }

    @Test func aThirdInstanceAndTheRejoiningOldLeaderFollowTheNewLeaderAndTakeOverWhenItGoes() async throws {
        // Given two instances, one leading
        let (database, a, b) = try await Self.twoElectors()
        let c = LeaderElector(url: try Fixtures.url(database), instance: "c", timing: Self.timing, logger: Fixtures.logger)
        var runs = ["a": Task { await a.run() }, "b": Task { await b.run() }]
        defer { runs.values.forEach { $0.cancel() } }
        let (first, _) = await Self.firstLeader(a, b)
        let second = first === a ? b : a
        let admin = try await Fixtures.connect(database)

        // When the leader's connection is ended, a third instance starts and the old leader comes back
        let ended = try await Fixtures.scalar("SELECT pg_terminate_backend(pid) FROM (\(unescaped: Self.lockHolder)) AS holder",
                                              on: admin, as: Bool.self)
        #expect(ended == true)
        let secondTerm = await second.waitForLeadership()
        let since = try await Fixtures.scalar("SELECT clock_timestamp()", on: admin, as: Date.self) ?? Date()
        runs["c"] = Task { await c.run() }
        // (both followers connected and tried the lock since)
        let bothTried = try await eventually { try await Self.lockTries(since: since, newBackends: true, on: admin) == 2 }
        #expect(bothTried)

        // Then the new leader keeps its term: neither the old leader nor the newcomer takes it
        #expect(second.leadership == .leader(term: secondTerm ?? -1))
        #expect(first.leadership == .follower)
        #expect(c.leadership == .follower)
        #expect(try await Fixtures.scalar("SELECT COUNT(*) FROM leader_terms", on: admin, as: Int64.self) == 2)

        // And when the new leader stops, one of the other two leads under a third term within 5 s
        let clock = ContinuousClock()
        let stopped = clock.now
        let secondName = second === a ? "a" : "b"
        runs[secondName]?.cancel()
        await runs[secondName]?.value
        let (third, thirdTerm) = await Self.firstLeader(first, c)
        print("takeover after the second leader stopped, three instances: \(clock.now - stopped)")
        #expect(clock.now - stopped < .seconds(5))
        #expect(thirdTerm == 3)
        #expect([first, c].filter { $0.leadership.term != nil }.count == 1)
        #expect(third.leadership == .leader(term: 3))
        try await admin.close()
    }

    /// The term `elector` wins within `limit`; nil when it does not.
    private static func leadership(of elector: LeaderElector, within limit: Duration) async -> Int64? {
        await withDeadline(limit) { await elector.waitForLeadership() }
    }

    /// How many electors' connections (opened after `since`, when `newBackends`) last tried the
    /// leader's lock after `since`.
    private static func lockTries(since: Date, newBackends: Bool = false, on admin: PostgresConnection) async throws -> Int64 {
        let opened = newBackends ? since : Date(timeIntervalSince1970: 0)
        return try await Fixtures.scalar("""
            SELECT COUNT(*) FROM pg_stat_activity
            WHERE application_name = \(LeaderElector.applicationName) AND datname = current_database()
              AND backend_start > \(opened) AND query LIKE '%pg_try_advisory_lock%' AND query_start > \(since)
            """, on: admin, as: Int64.self) ?? 0
    }

    /// The backend holding the leader's lock in the current database.
    private static let lockHolder = """
        SELECT pid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = 1399809906 AND objid = 2 AND objsubid = 2
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """

    private static func firstLeader(_ a: LeaderElector, _ b: LeaderElector) async -> (LeaderElector, term: Int64) {
        await withTaskGroup(of: (LeaderElector, Int64?).self) { group in
            group.addTask { (a, await a.waitForLeadership()) }
            group.addTask { (b, await b.waitForLeadership()) }
            var winner: (LeaderElector, Int64) = (a, -1)
            if let (elector, term) = await group.next(), let term { winner = (elector, term) }
            group.cancelAll()
            return winner
        }
    }
}

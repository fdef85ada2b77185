import Foundation
import PostgresNIO
import PostgresStore
import PostgresTestSupport
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
        let (_, a, b) = try await Self.twoElectors()
        let runs = [Task { await a.run() }, Task { await b.run() }]
        defer { runs.forEach { $0.cancel() } }

        let term = await Self.firstLeader(a, b).term
        // Both have tried the lock several times since
        try await Task.sleep(for: .milliseconds(600))
        let leaders = [a.leadership, b.leadership].compactMap(\.term)
        #expect(leaders == [term])
        #expect(term == 1)
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

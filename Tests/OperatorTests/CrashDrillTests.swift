import Foundation
import PostgresTestSupport
import Testing
@testable import SogretoBench
import TestSupport

/// The bounded crash drill (`scripts/crash-drill` runs the long one): the real `sogreto run`,
/// SIGKILLed at random moments while simulated users write, loses and corrupts nothing. Each run
/// draws its moments from a printed seed; SOGRETO_TEST_SEED replays a failed one.
@Suite(.serialized) struct CrashDrillTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sogretoBinary.path), "needs the built sogreto executable"))
    func killingTheBotAtRandomMomentsLosesNothingAndCorruptsNothing() async throws {
        // Given 30 users writing 15 updates a second for 10 s, and 5 SIGKILLs at random moments
        var options = CrashDrillOptions(executable: sogretoBinary, assets: repositoryRoot.appendingPathComponent("assets"))
        options.users = 30
        options.rate = 15
        options.seconds = 10
        options.kills = 5
        let seed = TestSeed()
        options.seed = seed.seed
        let result = try await CrashDrill(options: options).run()
        print(result.summary)
        // Then every update was applied once and answered, repeats stayed within the in-flight
        // window, the database and every user row are sound, and the last bot stopped cleanly
        #expect(result.kills == 5, "\(seed)")
        #expect(result.ledger.queued == 150, "\(seed)")
        #expect(result.updatesProcessed == 150, "\(seed)")
        #expect(result.ledger.lost == 0, "\(seed)")
        #expect(result.problems.isEmpty, "\(seed)\n\(result.summary)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sogretoBinary.path) && PostgresTestCluster.isAvailable,
                   "needs the built sogreto executable and PostgreSQL's server binaries (scripts/install-deps)"))
    func killingRandomInstancesOnPostgresLosesNothingAndAppliesEachUpdateOnce() async throws {
        // Given three instances on one PostgreSQL, 30 users writing 15 updates a second for 10 s,
        // and 5 SIGKILLs, each of a random instance (leader or follower)
        var options = CrashDrillOptions(executable: sogretoBinary, assets: repositoryRoot.appendingPathComponent("assets"))
        options.users = 30
        options.rate = 15
        options.seconds = 10
        options.kills = 5
        options.instances = 3
        options.postgres = true
        let seed = TestSeed()
        options.seed = seed.seed
        let result = try await CrashDrill(options: options).run()
        print(result.summary)
        // Then every update was applied once and answered, repeats stayed within the in-flight
        // window, every user row is sound, and the instances stopped cleanly
        #expect(result.kills == 5, "\(seed)")
        #expect(result.updatesProcessed == 150, "\(seed)")
        #expect(result.ledger.lost == 0, "\(seed)")
        #expect(result.terms >= 1, "\(seed)")
        #expect(result.problems.isEmpty, "\(seed)\n\(result.summary)")
    }

    @Test func killMomentsAreSpreadOverTheRun() {
        var generator = SplitMix64(seed: 7)
        let times = CrashDrill.killTimes(count: 50, within: 100, using: &generator)
        #expect(times.count == 50)
        #expect(times == times.sorted())
        #expect(times.allSatisfy { $0 > 0 && $0 < 100 })
    }
}

import Foundation
import PostgresNIO
import PostgresTestSupport
import Testing

@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct ThrowawayClusterTests {
    @Test func theSharedClusterServesADatabasePerTestOnItsSocket() async throws {
        // Given the process's cluster (started here if no test started it yet)
        let clock = ContinuousClock()
        let started = clock.now
        let cluster = try await PostgresTestCluster.shared()
        print("throwaway PostgreSQL cluster ready after \(clock.now - started) (0 when another test started it)")

        // When two tests take a database each
        let first = try cluster.makeDatabase()
        let second = try cluster.makeDatabase()

        // Then each is its own, reached over the Unix socket in the cluster's temporary folder
        #expect(first.name != second.name)
        #expect(FileManager.default.fileExists(atPath: "\(cluster.socketDirectory)/.s.PGSQL.\(cluster.port)"))
        let connection = try await Fixtures.connect(first)
        let name = try await Fixtures.scalar("SELECT current_database()", on: connection, as: String.self)
        let fsync = try await Fixtures.scalar("SHOW fsync", on: connection, as: String.self)
        let listening = try await Fixtures.scalar("SHOW listen_addresses", on: connection, as: String.self)
        try await connection.close()
        #expect(name == first.name)
        #expect(fsync == "off")
        #expect(listening == "")
    }

    @Test func aDatabaseCanBeCopiedFromATemplate() async throws {
        // Given a database with a table and a row
        let cluster = try await PostgresTestCluster.shared()
        let template = try cluster.makeDatabase()
        try cluster.runSQL("CREATE TABLE marks (id BIGINT); INSERT INTO marks VALUES (7)", database: template.name)

        // When another database is made from it
        let copy = try cluster.makeDatabase(template: template.name)

        // Then the copy has the row
        let connection = try await Fixtures.connect(copy)
        let mark = try await Fixtures.scalar("SELECT id FROM marks", on: connection, as: Int64.self)
        try await connection.close()
        #expect(mark == 7)
    }

    /// A drill run in the test process stopped the shared cluster, and every later PostgreSQL
    /// test lost its server: stopping is for private clusters only.
    @Test func stoppingTheSharedClusterLeavesItRunningWhileAPrivateOneStops() async throws {
        let shared = try await PostgresTestCluster.shared()
        let own = try await PostgresTestCluster.startPrivate()
        shared.stop()
        own.stop()
        #expect(FileManager.default.fileExists(atPath: "\(shared.socketDirectory)/.s.PGSQL.\(shared.port)"))
        #expect(!FileManager.default.fileExists(atPath: own.socketDirectory))
        _ = try await shared.newDatabase()
    }
}

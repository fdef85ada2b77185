import Bot
import Foundation
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import Testing

@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct MigrationTests {
    @Test func aFreshDatabaseGetsEverySQLiteMigrationByNameThenThePostgresOnes() async throws {
        // The SQLite store's own list: a new SQLite migration without its PostgreSQL twin fails here.
        let sqliteMigrations = try AppDatabase.inMemory().appliedMigrations()
        let database = try await Fixtures.database()
        let store = try await PostgresAppDatabase.open(try Fixtures.url(database), logger: Fixtures.logger)
        let applied = try await store.appliedMigrations()
        await store.close()
        // Every SQLite migration has its twin under the same name, in the same order; the rest are
        // PostgreSQL's own (named `postgres-…`).
        #expect(applied.filter { !$0.hasPrefix("postgres-") } == sqliteMigrations)
        #expect(applied.filter { $0.hasPrefix("postgres-") }
            == ["postgres-leader-terms", "postgres-outbox-in-flight", "postgres-term-fence", "postgres-queue-table-upkeep",
                "postgres-fewer-round-trips"])
    }

    @Test func theQueueTablesAreAnalysedAfterAFixedNumberOfChanges() async throws {
        let database = try await Fixtures.database()
        await (try await PostgresAppDatabase.open(try Fixtures.url(database), logger: Fixtures.logger)).close()
        let connection = try await Fixtures.connect(database)
        for table in ["outbox", "processed_updates", "jobs"] {
            let options = try await Fixtures.scalar("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = '\(unescaped: table)'",
                                                    on: connection, as: String.self)
            #expect(options?.contains("autovacuum_analyze_threshold=1000") == true, "\(table): \(options ?? "none")")
            #expect(options?.contains("autovacuum_analyze_scale_factor=0") == true, "\(table): \(options ?? "none")")
        }
        try await connection.close()
    }

    @Test func twoInstancesStartingTogetherMigrateOnce() async throws {
        // Given an empty database
        let database = try await Fixtures.database()
        let url = try Fixtures.url(database)

        // When two instances open it at the same moment
        async let first = PostgresAppDatabase.open(url, logger: Fixtures.logger)
        async let second = PostgresAppDatabase.open(url, logger: Fixtures.logger)
        let stores = try await [first, second]

        // Then each migration ran once (a second run would have failed: CREATE TABLE without IF NOT EXISTS)
        let connection = try await Fixtures.connect(database)
        let rows = try await Fixtures.scalar("SELECT count(*) FROM schema_migrations", on: connection, as: Int64.self)
        let users = try await Fixtures.scalar("SELECT count(*) FROM users", on: connection, as: Int64.self)
        try await connection.close()
        #expect(rows == Int64(try await stores[0].appliedMigrations().count))
        #expect(users == 0)
        for store in stores { await store.close() }
    }

    @Test func reopeningAMigratedDatabaseAppliesNothing() async throws {
        let database = try await Fixtures.database()
        let url = try Fixtures.url(database)
        let first = try await PostgresAppDatabase.open(url, logger: Fixtures.logger)
        let before = try await first.appliedMigrations()
        await first.close()
        let second = try await PostgresAppDatabase.open(url, logger: Fixtures.logger)
        #expect(try await second.appliedMigrations() == before)
        await second.close()
    }

    @Test func aSchemaNewerThanTheBuildStopsStartUp() async throws {
        // Given a database a newer build migrated further
        let database = try await Fixtures.database()
        let url = try Fixtures.url(database)
        let store = try await PostgresAppDatabase.open(url, logger: Fixtures.logger)
        let count = try await store.appliedMigrations().count
        await store.close()
        try database.cluster.runSQL("INSERT INTO schema_migrations (position, name) VALUES (1000, 'v99-future')",
                                    database: database.name)

        // When this build opens it, Then it refuses with a sentence
        do {
            let opened = try await PostgresAppDatabase.open(url, logger: Fixtures.logger)
            await opened.close()
            Issue.record("opened a newer schema")
        } catch {
            #expect("\(error)" == "The PostgreSQL schema is at version \(count + 1), newer than this build knows (\(count)): run the newer build.")
        }
    }

    @Test func timestampsKeepMillisecondsAsTheSQLiteStoreWritesThem() async throws {
        // Given a migrated database
        let database = try await Fixtures.database()
        let store = try await PostgresAppDatabase.open(try Fixtures.url(database), logger: Fixtures.logger)
        await store.close()
        let connection = try await Fixtures.connect(database)

        // When a timestamp with microseconds is stored in a TIMESTAMPTZ(3) column
        try await connection.query("""
            INSERT INTO processed_updates (update_id, processed_at)
            VALUES (1, '2026-03-01 10:20:30.123456+00'), (2, '2026-03-01 10:20:30.9996+00')
            """, logger: Fixtures.logger)

        // Then it is kept to the millisecond, rounded to the nearest as StoredDate rounds
        var texts: [String] = []
        for try await text in try await connection.query("""
            SELECT to_char(processed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')
            FROM processed_updates ORDER BY update_id
            """, logger: Fixtures.logger).decode(String.self) {
            texts.append(text)
        }
        try await connection.close()
        #expect(texts == ["2026-03-01 10:20:30.123", "2026-03-01 10:20:31.000"])
    }
}

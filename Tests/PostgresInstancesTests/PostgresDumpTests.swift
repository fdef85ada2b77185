import Foundation
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import Testing
@testable import Bot

@Suite(.enabled(if: PostgresTestCluster.isAvailable && PostgresDump.find() != nil,
                "PostgreSQL's server binaries or pg_dump/pg_restore are absent: scripts/install-deps installs them"))
struct PostgresDumpTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000.5)

    @Test func aDumpRestoresIntoAnEmptyDatabaseThatAnswersAsTheOriginalAndNeverIntoAFilledOne() async throws {
        // Given a PostgreSQL store with users, reminders, replies and an applied update
        let tools = try #require(PostgresDump.find())
        let (_, url) = try await InstanceFixtures.database()
        let original = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        try await original.importUsers((1...12).map { InstanceFixtures.user(Int64($0)) },
                                       jobs: (1...12).map { InstanceFixtures.job(user: Int64($0), key: "r\($0)", due: now) }, now: now)
        _ = try await original.fireDueJobs(now: now, limit: 5, dispatch: InstanceFixtures.remind)
        _ = try await original.apply(updateID: 77, userID: 1, chatID: 1, now: now) { user in
            Decision(user: user, actions: [.message(text: "ответ", keyboard: nil)], events: [AnalyticsEvent(kind: "replied")])
        }

        // When it is dumped and restored into a fresh database
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-pgdump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(PostgresDump.fileName)
        let migrations = try await tools.dump(url, to: file, logger: InstanceFixtures.logger)
        #expect(migrations == (try await original.appliedMigrations()))
        #expect(try tools.check(file) >= 10)
        let (_, restoredURL) = try await InstanceFixtures.database()
        try await tools.restore(file, into: restoredURL, logger: InstanceFixtures.logger)

        // Then the restored store answers as the original, and carries on after the restored ids
        let restored = try await PostgresAppDatabase.open(restoredURL, logger: InstanceFixtures.logger)
        #expect(try await restored.appliedMigrations() == migrations)
        #expect(try await restored.outboxRows(chatID: nil) == original.outboxRows(chatID: nil))
        #expect(try await restored.queueCensus() == original.queueCensus())
        for id: Int64 in [1, 6, 12] {
            #expect(try await restored.user(id) == original.user(id))
            #expect(try await restored.jobs(userID: id) == original.jobs(userID: id))
            #expect(try await restored.events(userID: id) == original.events(userID: id))
        }
        let again = try await restored.apply(updateID: 77, userID: 1, chatID: 1, now: now) { user in
            Decision(user: user, actions: [.message(text: "twice", keyboard: nil)], events: [])
        }
        #expect(again == .duplicate)
        try await restored.enqueue([.message(text: "after", keyboard: nil)], chatID: 2, priority: 0, now: now)
        #expect(try await restored.outboxRows(chatID: nil).count == (try await original.outboxRows(chatID: nil).count) + 1)

        // And a second restore into the now filled database is refused, changing nothing
        let refusal = await #expect(throws: StoreMigrationError.self) {
            try await tools.restore(file, into: restoredURL, logger: InstanceFixtures.logger)
        }
        #expect(refusal?.description.contains("restore goes only into an empty database") == true)
        #expect(try await restored.outboxRows(chatID: nil).count == (try await original.outboxRows(chatID: nil).count) + 1)
        await restored.close()
        await original.close()
    }

    @Test func aDamagedDumpFailsToRestoreAndLeavesTheDatabaseEmpty() async throws {
        let tools = try #require(PostgresDump.find())
        let (_, url) = try await InstanceFixtures.database()
        let original = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        try await original.importUsers([InstanceFixtures.user(1)], jobs: [], now: now)
        await original.close()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-pgdump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(PostgresDump.fileName)
        _ = try await tools.dump(url, to: file, logger: InstanceFixtures.logger)

        // A dump cut in half
        let whole = try Data(contentsOf: file)
        try whole.prefix(whole.count / 2).write(to: file)

        let (database, target) = try await InstanceFixtures.database()
        let failure = await #expect(throws: StoreMigrationError.self) {
            try await tools.restore(file, into: target, logger: InstanceFixtures.logger)
        }
        // pg_restore's own first line of complaint, read from its errors once it exited
        #expect(failure?.description.hasPrefix("pg_restore failed: pg_restore: ") == true, "\(String(describing: failure))")
        let admin = try await InstanceFixtures.connect(database)
        let tables = try await InstanceFixtures.scalar("""
            SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()
            """, on: admin, as: Int64.self)
        try await admin.close()
        #expect(tables == 0)
    }
}

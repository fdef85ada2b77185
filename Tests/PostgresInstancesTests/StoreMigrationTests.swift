import Foundation
import GRDB
import NIOConcurrencyHelpers
import PostgresNIO
import PostgresStore
import PostgresTestSupport
import Testing
@testable import Bot

@Suite(.enabled(if: PostgresTestCluster.isAvailable,
                "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
struct StoreMigrationTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000.123)

    /// A SQLite store in a fresh data directory, filled through the store's own operations.
    private func filledSQLiteStore() async throws -> (URL, AppDatabase) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try AppDatabase.open(at: directory.appendingPathComponent("sogreto.sqlite"))
        var users = (1...30).map { InstanceFixtures.user(Int64($0)) }
        users[0].quietHoursOptOut = true
        users[1].timezone = "Asia/Tokyo"
        try await store.importUsers(users, jobs: (1...30).map { InstanceFixtures.job(user: Int64($0), key: "r\($0)", due: now) },
                                    now: now)
        let updates = (1...20).map { index in
            PendingUpdate(updateID: Int64(100 + index), userID: Int64(index), chatID: Int64(index), apology: []) { user, _ in
                Decision(user: user, actions: [.message(text: "Привет, \(index) — «ответ»", keyboard: [[Button("ok", "ok")]])],
                         events: [AnalyticsEvent(kind: "replied")])
            }
        }
        _ = try await store.apply(batch: updates, now: now, offset: 121)
        _ = try await store.fireDueJobs(now: now, limit: 10, dispatch: InstanceFixtures.remind)
        for row in try await store.outboxRows(chatID: nil).prefix(5) {
            try await store.markSent(row.id, telegramMessageID: Int(row.id) + 1000, now: now.addingTimeInterval(1))
        }
        try await store.enqueue([.chatAction("typing")], chatID: 3, priority: 2, dedupeKey: "later", notBefore: now.addingTimeInterval(60), now: now)
        try await store.recordMediaTasks([MediaTaskRequest(kind: "collage", payload: "{\"days\":[1,2]}", dedupeKey: "c1")],
                                         userID: 4, chatID: 4, now: now)
        try await store.rememberTelegramFile(sha256: String(repeating: "ab", count: 32), kind: .photo, fileID: "AgAD-1", now: now)
        try await store.recordAudit(actor: "admin:1", action: "quota", target: "user:2", detail: ["bytes": 10, "none": nil], now: now)
        #expect(try await store.reserveVisionCall(userID: 5, day: "2027-01-15", perUser: 3, budget: 100))
        return (directory, store)
    }

    @Test func aStoreFilledThroughTheBotIsCopiedVerifiedAndAnsweredAlikeByPostgres() async throws {
        // Given a SQLite store filled through the store operations, and an empty PostgreSQL database
        let (directory, sqlite) = try await filledSQLiteStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, url) = try await InstanceFixtures.database()

        // When it is copied
        let lines = LineCollector()
        let tables = try await SQLiteToPostgres(batchRows: 7, logger: InstanceFixtures.logger)
            .copy(sqliteFile: directory.appendingPathComponent("sogreto.sqlite"), to: url, progress: { lines.add($0) })

        // Then every table came over with its count, in batches with progress
        let counts = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0.rows) })
        #expect(counts["users"] == 30)
        #expect(counts["jobs"] == 30)
        #expect(counts["processed_updates"] == 20)
        #expect(counts["outbox"] == 31)
        #expect(counts["media_tasks"] == 1)
        #expect(tables.first?.name == "users")
        #expect(lines.all.contains("users: 7 of 30 rows"))
        #expect(lines.all.contains("users: 30 of 30 rows"))

        // And PostgreSQL answers the store's questions as SQLite does
        let postgres = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        for id: Int64 in [1, 2, 3, 4, 30] {
            #expect(try await postgres.user(id) == sqlite.user(id))
            #expect(try await postgres.events(userID: id) == sqlite.events(userID: id))
            #expect(try await postgres.jobs(userID: id) == sqlite.jobs(userID: id))
            #expect(try await postgres.mediaTasks(userID: id) == sqlite.mediaTasks(userID: id))
        }
        #expect(try await postgres.outboxRows(chatID: nil) == sqlite.outboxRows(chatID: nil))
        #expect(try await postgres.updateOffset() == sqlite.updateOffset())
        #expect(try await postgres.queueCensus() == sqlite.queueCensus())
        #expect(try await postgres.nextOutboxDue() == sqlite.nextOutboxDue())
        #expect(try await postgres.telegramFileID(sha256: String(repeating: "ab", count: 32), kind: .photo) == "AgAD-1")
        #expect(try await postgres.auditLog() == sqlite.auditLog())
        #expect(try await postgres.reserveVisionCall(userID: 5, day: "2027-01-15", perUser: 1, budget: 100) == false)

        // And new rows continue after the copied ids, and an update seen on SQLite stays applied once
        try await postgres.enqueue([.message(text: "after", keyboard: nil)], chatID: 9, priority: 0, now: now)
        let newest = try await postgres.outboxRows(chatID: 9).last
        #expect((newest?.id ?? 0) > (try await sqlite.outboxRows(chatID: nil).map(\.id).max() ?? .max))
        let again = try await postgres.apply(updateID: 101, userID: 1, chatID: 1, now: now) { user in
            Decision(user: user, actions: [.message(text: "twice", keyboard: nil)], events: [])
        }
        #expect(again == .duplicate)
        await postgres.close()
    }

    @Test func aSecondCopyIntoTheFilledDatabaseIsRefusedAndChangesNothing() async throws {
        let (directory, _) = try await filledSQLiteStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, url) = try await InstanceFixtures.database()
        let copier = SQLiteToPostgres(logger: InstanceFixtures.logger)
        let file = directory.appendingPathComponent("sogreto.sqlite")
        let first = try await copier.copy(sqliteFile: file, to: url)

        let refusal = await #expect(throws: StoreMigrationError.self) { _ = try await copier.copy(sqliteFile: file, to: url) }
        #expect(refusal?.description.contains("already holds rows (users: 30") == true)
        let postgres = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        #expect(try await postgres.outboxRows(chatID: nil).count == first.first { $0.name == "outbox" }?.rows)
        await postgres.close()
    }

    @Test func aValueThatCannotBeCarriedAbortsTheWholeCopyAndLeavesPostgresEmpty() async throws {
        // Given a store whose last table holds an instant no engine can read
        let (directory, sqlite) = try await filledSQLiteStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sogreto.sqlite")
        let raw = try DatabaseQueue(path: file.path)
        try await raw.write { db in
            try db.execute(sql: "UPDATE audit_log SET at = 'yesterday'")
        }
        try raw.close()
        let (database, url) = try await InstanceFixtures.database()

        // When it is copied, the copy fails with a sentence and nothing of it stays
        await #expect(throws: (any Error).self) {
            _ = try await SQLiteToPostgres(logger: InstanceFixtures.logger).copy(sqliteFile: file, to: url)
        }
        let admin = try await InstanceFixtures.connect(database)
        #expect(try await InstanceFixtures.scalar("SELECT COUNT(*) FROM users", on: admin, as: Int64.self) == 0)
        #expect(try await InstanceFixtures.scalar("SELECT COUNT(*) FROM outbox", on: admin, as: Int64.self) == 0)
        try await admin.close()
        // And the SQLite store still answers as before
        #expect(try await sqlite.user(1) != nil)
    }
}

/// Progress lines, gathered from any thread.
final class LineCollector: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    func add(_ line: String) { lines.withLockedValue { $0.append(line) } }
    var all: [String] { lines.withLockedValue { $0 } }
}

import Foundation
import Logging
@testable import PostgresStore
import PostgresTestSupport
import Testing
@testable import Bot
import TestSupport

/// `sogreto run` with SOGRETO_DATABASE_URL: the store is PostgreSQL, the data directory is not
/// locked (instances share the database), and a server that cannot be reached stops start-up with
/// one sentence that never prints the password.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: sogretoBinary.path), "needs the built sogreto executable"))
struct PostgresStartupCommandTests {
    @Test func anUnreachableServerStopsTheBotWithOneSentenceWithoutThePassword() async throws {
        let data = temporaryDirectory("pg-unreachable")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // Port 1 on loopback: nothing listens there
        var environment = AssetsLocationTests.environment(data: data)
        environment["SOGRETO_DATABASE_URL"] = "postgres://sogreto:hunter2-secret@127.0.0.1:1/bot?sslmode=disable"
        let run = try await runCommand(sogretoBinary, ["run", "--dry-run"], environment: environment, in: data)
        #expect(run.status != 0)
        let sentence = run.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(sentence.contains("PostgreSQL is unreachable (database bot as sogreto at 127.0.0.1:1): "), "\(sentence)")
        #expect(!sentence.contains("\n"), "\(sentence)")
        for output in [run.standardOutput, run.standardError] { #expect(!output.contains("hunter2-secret")) }
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("sogreto.sqlite").path))
    }

    @Test(.enabled(if: PostgresTestCluster.isAvailable, "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
    func onPostgreSQLTheDataDirectoryIsNotLockedAndTheDryRunNamesTheStore() async throws {
        let database = try await PostgresTestCluster.shared().newDatabase()
        let data = temporaryDirectory("pg-dry-run")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // Given another process's hold on the data directory (as a SQLite bot would have)
        let held = try DataDirectoryLock(data, for: .own)
        defer { withExtendedLifetime(held) {} }
        var environment = AssetsLocationTests.environment(data: data)
        // When the bot starts on SQLite there, then on PostgreSQL
        let onSQLite = try await runCommand(sogretoBinary, ["run", "--dry-run"], environment: environment, in: data)
        environment["SOGRETO_DATABASE_URL"] = database.url
        let onPostgres = try await runCommand(sogretoBinary, ["run", "--dry-run"], environment: environment, in: data)
        // Then SQLite is refused by the lock, PostgreSQL starts, migrates and names its schema
        #expect(onSQLite.status != 0)
        #expect(onPostgres.status == 0, "\(onPostgres.standardError)")
        #expect(onPostgres.standardOutput.contains("store: PostgreSQL database \(database.name) as "), "\(onPostgres.standardOutput)")
        let newest = try #require(PostgresMigrations.all.last?.name)
        #expect(onPostgres.standardOutput.contains("(schema \(newest))"), "\(onPostgres.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("sogreto.sqlite").path))
    }

    @Test(.enabled(if: PostgresTestCluster.isAvailable, "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
    func adminCommandsWorkOnThePostgreSQLStore() async throws {
        let database = try await PostgresTestCluster.shared().newDatabase()
        let store = try await PostgresAppDatabase.open(try DatabaseURL(parsing: database.url), logger: Logger(label: "admin-pg"))
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        try await store.importUsers([UserRecord(id: 42, firstName: "Ann", languageCode: "en", locale: "en", now: now)],
                                    jobs: [], now: now)
        let data = temporaryDirectory("pg-admin")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var environment = AssetsLocationTests.environment(data: data)
        environment["SOGRETO_DATABASE_URL"] = database.url
        // When an operator caps user 42 and reads the storage report from the command line
        let quota = try await runCommand(sogretoBinary, ["admin", "quota", "42", "--photos", "3"], environment: environment, in: data)
        let storage = try await runCommand(sogretoBinary, ["admin", "storage"], environment: environment, in: data)
        // Then both ran on PostgreSQL: the cap and its audit row are in the database, no SQLite file was made
        #expect(quota.status == 0, "\(quota.standardError)")
        #expect(storage.status == 0, "\(storage.standardError)")
        #expect(try await store.userMedia(42)?.quota.maxPhotos == 3)
        #expect(try await store.auditLog().map(\.actor) == ["cli"])
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("sogreto.sqlite").path))
        await store.close()
    }
}

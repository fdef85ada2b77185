import Foundation
import PostgresStore
import PostgresTestSupport
import Testing
@testable import Bot
import TestSupport

/// `sogreto backup` and `sogreto restore --verify-only` on a PostgreSQL store, as an operator runs them.
@Suite(.enabled(if: PostgresTestCluster.isAvailable && PostgresDump.find() != nil
                    && FileManager.default.isExecutableFile(atPath: sogretoBinary.path),
                "needs PostgreSQL's server binaries and pg_dump (scripts/install-deps) and the built sogreto executable"))
struct PostgresBackupCommandTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func backupDumpsTheStoreWithAManifestThatRestoreVerifyOnlyRestoresIntoAThrowawayClusterAndAChangedDumpIsRefused() async throws {
        // Given a PostgreSQL store with twelve users and a reply
        let (database, url) = try await InstanceFixtures.database()
        let store = try await PostgresAppDatabase.open(url, logger: InstanceFixtures.logger)
        try await store.importUsers((1...12).map { InstanceFixtures.user(Int64($0)) }, jobs: [], now: now)
        _ = try await store.apply(updateID: 5, userID: 1, chatID: 1, now: now) { user in
            Decision(user: user, actions: [.message(text: "ответ", keyboard: nil)], events: [])
        }
        await store.close()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-pgbackup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let environment = ["SOGRETO_DATA_DIR": data.path, "SOGRETO_DATABASE_URL": database.url,
                           "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
                           "SOGRETO_BACKUP_KEEP_DAILY": "1", "SOGRETO_BACKUP_KEEP_WEEKLY": "0", "PATH": "/usr/bin:/bin"]

        // When `sogreto backup` runs twice (the second prunes the first: one daily kept)
        let first = try await Self.sogreto(["backup"], environment: environment)
        #expect(first.status == 0, "\(first.output)")
        let second = try await Self.sogreto(["backup"], environment: environment)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("pruned 1 old backup"), "\(second.output)")

        // Then one backup folder holds the custom-format dump and its manifest with its checksum
        let backups = data.appendingPathComponent("backups")
        let names = try FileManager.default.contentsOfDirectory(atPath: backups.path).filter { !$0.hasPrefix(".") }
        let name = try #require(names.count == 1 ? names.first : nil, "backups: \(names)")
        let folder = backups.appendingPathComponent(name)
        let dump = folder.appendingPathComponent("sogreto.pgdump")
        #expect(try Data(contentsOf: dump).prefix(5) == Data("PGDMP".utf8))
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"path\":\"sogreto.pgdump\""))
        #expect(manifest.contains("postgres-term-fence"), "the schema's migrations, read from the dump")

        // And restore --verify-only restores it into a throwaway cluster and finds the store's rows
        let verified = try await Self.sogreto(["restore", folder.path, "--verify-only"], environment: environment)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("restored into a throwaway PostgreSQL cluster"), "\(verified.output)")
        #expect(verified.output.contains("users 12, outbox 1"), "\(verified.output)")

        // And a PostgreSQL backup is not restored into a data directory
        let intoFolder = try await Self.sogreto(["restore", folder.path, "--to", data.appendingPathComponent("restored").path],
                                                environment: environment)
        #expect(intoFolder.status != 0)
        #expect(intoFolder.output.contains("pg_restore"), "\(intoFolder.output)")

        // And a dump changed after the backup is refused
        var bytes = try Data(contentsOf: dump)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: dump)
        let damaged = try await Self.sogreto(["restore", folder.path, "--verify-only"], environment: environment)
        #expect(damaged.status != 0)
        #expect(damaged.output.contains("does not match its checksum"), "\(damaged.output)")
    }

    /// Runs the sogreto executable to its end; its exit status and what it printed (both streams).
    static func sogreto(_ arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = sogretoBinary
        process.arguments = arguments
        process.environment = environment
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-output-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try handle.close()
        // Waited for on a thread of its own, not on the cooperative pool.
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}

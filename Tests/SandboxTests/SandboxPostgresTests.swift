import Bot
import Foundation
import Logging
import PostgresStore
import PostgresTestSupport
import Testing
@testable import Sandbox
import TestSupport

extension SandboxSuites {
    /// The sandbox with SOGRETO_DATABASE_URL: its store is PostgreSQL, in a schema of its own that
    /// each start empties (its users live only in its emulator), the bot's own tables untouched.
    @Suite("The sandbox on PostgreSQL", .serialized,
           .enabled(if: PostgresTestCluster.isAvailable, "PostgreSQL's server binaries are absent: scripts/install-deps installs them"))
    struct SandboxPostgresTests {
        @Test func theSandboxKeepsItsStoreInItsOwnSchemaAndEmptiesItAtEachStart() async throws {
            let database = try await PostgresTestCluster.shared().newDatabase()
            // Given a bot's own table in the database's default schema
            try database.cluster.runSQL("CREATE TABLE public.users (id BIGINT PRIMARY KEY); INSERT INTO public.users VALUES (7)",
                                        database: database.name)
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-sandbox-pg-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: base) }
            var options = SandboxOptions(port: 0, environment: [
                "SOGRETO_DATA_DIR": base.path,
                "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
            ])
            let logger = {
                var quiet = Logger(label: "sandbox-pg-tests")
                quiet.logLevel = .critical
                return quiet
            }()
            let url = try DatabaseURL(parsing: database.url).inSchema("sogreto_sandbox")
            options.openStore = { configuration in
                try await PostgresAppDatabase.openEmptied(url, reminderPlanner: try BotRuntime.reminderPlanner(for: configuration),
                                                          logger: logger)
            }
            // When a user starts the bot in the sandbox
            func firstRun() async throws -> Int64 {
                let sandbox = try await Sandbox.start(options, logger: logger)
                let client = SandboxClient(baseURL: sandbox.url)
                let chatID = try #require(try await client.post("/api/users", json: ["firstName": "Alex", "languageCode": "en"])
                    .json?["id"] as? Int64)
                #expect(try await client.post("/api/chats/\(chatID)/text", json: ["text": "/start"]).status == 200)
                _ = try await eventually(within: .seconds(20)) { try await sandbox.runtime.database.user(chatID) != nil }
                // Then the bot keeps them in PostgreSQL, not in a SQLite file
                #expect(sandbox.runtime.sqlite == nil)
                #expect(try await sandbox.runtime.database.user(chatID)?.firstName == "Alex")
                await sandbox.shutdown()
                return chatID
            }
            let chatID = try await firstRun()
            // And a new start finds the sandbox's schema empty and the bot's table as it was
            let second = try await Sandbox.start(options, logger: logger)
            let gone = try await second.runtime.database.user(chatID) == nil
            await second.shutdown()
            #expect(gone)
            // (psql stops with an error, and runSQL throws, when the row is gone)
            #expect(throws: Never.self) {
                try database.cluster.runSQL("""
                    DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM public.users WHERE id = 7) THEN RAISE EXCEPTION 'gone'; END IF; END $$
                    """, database: database.name)
            }
            #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("sandbox/sogreto.sqlite").path))
        }
    }
}

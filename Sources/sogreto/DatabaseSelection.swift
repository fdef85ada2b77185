import ArgumentParser
import Foundation
import Logging
import PostgresStore

/// SOGRETO_DATABASE_URL, read once: nil keeps SQLite in the data directory; a bad URL stops here
/// with one sentence (never the password).
func configuredPostgres() throws -> DatabaseURL? {
    do {
        return try PostgresAppDatabase.configuredURL(ProcessInfo.processInfo.environment)
    } catch {
        throw exitFailure("\(error)")
    }
}

/// `sogreto migrate` on PostgreSQL: connects (an unreachable server or a refused login is one
/// sentence), migrates under the advisory lock, reports.
func migratePostgres(_ url: DatabaseURL) async throws {
    let store: PostgresAppDatabase
    do {
        store = try await PostgresAppDatabase.open(url, logger: Logger(label: "sogreto.migrate"))
    } catch {
        throw exitFailure("\(error)")
    }
    let applied = try await store.appliedMigrations()
    await store.close()
    print("PostgreSQL \(url) is at \(applied.last ?? "no migration") (\(applied.count) applied).")
}

import ArgumentParser
import Bot
import Foundation
import Logging
import PostgresStore

/// SOGRETO_DATABASE_URL from the process environment: nil keeps SQLite in the data directory; a
/// bad URL stops here with one sentence (never the password).
func configuredPostgres() throws -> DatabaseURL? {
    do {
        return try PostgresAppDatabase.configuredURL(ProcessInfo.processInfo.environment)
    } catch {
        throw exitFailure("\(error)")
    }
}

/// SOGRETO_DATABASE_URL as the configuration read it (the environment over `.env`).
func configuredPostgres(_ configuration: Configuration) throws -> DatabaseURL? {
    do {
        return try configuration.databaseServerURL.map { try DatabaseURL(parsing: $0.value) }
    } catch {
        throw exitFailure("\(error)")
    }
}

/// The bot's store on PostgreSQL when SOGRETO_DATABASE_URL is set: connected, migrated (once
/// across instances starting together) and re-planning reminders as the SQLite store does. An
/// unreachable server or a refused login stops start-up with one sentence, never the password.
func openConfiguredPostgres(_ configuration: Configuration, logger: Logger) async throws -> PostgresAppDatabase? {
    guard let url = try configuredPostgres(configuration) else { return nil }
    let planner = try BotRuntime.reminderPlanner(for: configuration)
    do {
        return try await PostgresAppDatabase.open(url, reminderPlanner: planner, logger: logger)
    } catch {
        throw exitFailure("\(error)")
    }
}

/// The store for an operator's command beside a running bot (`admin`, `diary`): PostgreSQL when
/// SOGRETO_DATABASE_URL is set, else the SQLite file under a shared hold of the data directory
/// (never beside a restore).
func openCommandStore(_ configuration: Configuration) async throws -> any Store {
    if let url = try configuredPostgres(configuration) {
        do {
            return try await PostgresAppDatabase.open(url, logger: Logger(label: "sogreto.command"), maximumConnections: 2)
        } catch {
            throw exitFailure("\(error)")
        }
    }
    try lockDataDirectory(configuration, for: .share).holdUntilExit()
    return try AppDatabase.open(at: configuration.databaseURL)
}

/// The schema the sandbox keeps its store in on PostgreSQL, emptied at each start as its data
/// directory is: the bot's own tables (schema `public`) are never touched.
let sandboxSchema = "sogreto_sandbox"

/// The sandbox's store on PostgreSQL when SOGRETO_DATABASE_URL is set, in `sandboxSchema`.
func openSandboxPostgres(_ configuration: Configuration) async throws -> (any Store)? {
    guard let url = try configuredPostgres(configuration) else { return nil }
    let planner = try BotRuntime.reminderPlanner(for: configuration)
    do {
        return try await PostgresAppDatabase.openEmptied(url.inSchema(sandboxSchema), reminderPlanner: planner,
                                                         logger: Logger(label: "sogreto.sandbox.store"))
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

import Logging
import PostgresNIO

/// Applies `PostgresMigrations` in one transaction under an advisory lock: instances that start
/// together wait for the first, then find nothing left to do.
enum PostgresMigrator {
    /// Brings the schema up to date; returns the names it applied now (empty when none).
    @discardableResult
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.inTransaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(AdvisoryLockKey.namespace), \(AdvisoryLockKey.migrations.rawValue))",
                logger: logger)
            try await connection.run("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    position BIGINT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    applied_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
                )
                """, logger: logger)
            let applied = try await appliedNames(connection, logger: logger)
            let known = PostgresMigrations.all.map(\.name)
            if applied.contains(where: { !known.contains($0) }) {
                throw PostgresStoreError(code: .newerSchema(version: applied.count, known: known.count))
            }
            var appliedNow: [String] = []
            // Positions count applications, not places in the list: a SQLite migration added later
            // comes after PostgreSQL's own ones already applied.
            for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                let position = applied.count + appliedNow.count + 1
                do {
                    for statement in migration.statements {
                        try await connection.run(statement, logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (position, name) VALUES (\(position), \(migration.name))",
                        logger: logger)
                } catch let error as PostgresStoreError {
                    throw error
                } catch {
                    throw PostgresStoreError(code: .migrationFailed(version: position,
                                                                    why: PostgresStoreError.reason(of: error)))
                }
                appliedNow.append(migration.name)
            }
            return appliedNow
        }
    }

    /// The migrations the schema has, in order (empty before the first migration).
    static func appliedNames(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
            .collect().first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        var names: [String] = []
        for try await name in try await connection.query(
            "SELECT name FROM schema_migrations ORDER BY position", logger: logger).decode(String.self) {
            names.append(name)
        }
        return names
    }
}

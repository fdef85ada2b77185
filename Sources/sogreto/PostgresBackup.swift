import ArgumentParser
import Bot
import Foundation
import Logging
import Maintenance
import PostgresStore
import ThrowawayPostgres

/// Backups of a PostgreSQL store: `pg_dump -Fc` in the backup folder, with the same manifest,
/// checksums and retention as SQLite's file copy; checked by restoring it into a throwaway cluster.
enum PostgresBackup {
    /// The dump as a backup's database file; the tools must be installed (else one sentence).
    static func snapshot(_ url: DatabaseURL) throws -> DatabaseSnapshot {
        guard let tools = PostgresDump.find() else { throw exitFailure(PostgresDump.missingToolsSentence) }
        return DatabaseSnapshot(fileName: BackupManifest.postgresDumpFileName) { try tools.dumpNow(url, to: $0) }
    }

    /// Restores the backup's dump into a database of a throwaway cluster (a temporary folder, a
    /// Unix socket, stopped afterwards) and checks it holds the manifest's schema; returns what it
    /// found, as a sentence. Throws one sentence when it cannot be restored.
    static func verifyByRestoring(_ folder: URL, manifest: BackupManifest) async throws -> String {
        guard let tools = PostgresDump.find() else { throw exitFailure(PostgresDump.missingToolsSentence) }
        if let reason = ThrowawayPostgresCluster.unavailableReason {
            throw exitFailure("The dump's checksums are right, but it cannot be restored here to check it: \(reason).")
        }
        let logger = Logger(label: "sogreto.restore")
        let cluster: ThrowawayPostgresCluster
        do {
            cluster = try await ThrowawayPostgresCluster.startPrivate()
        } catch {
            throw exitFailure("A throwaway PostgreSQL cluster to restore the dump into did not start: \(error)")
        }
        defer { cluster.stop() }
        let name = folder.lastPathComponent
        do {
            let database = try await cluster.newDatabase()
            let url = try DatabaseURL(parsing: database.url)
            try await tools.restore(folder.appendingPathComponent(BackupManifest.postgresDumpFileName), into: url, logger: logger)
            let census = try await tools.census(of: url, logger: logger)
            guard census.migrations == manifest.migrations else {
                throw exitFailure("Backup \(name) restores, but its schema (\(census.migrations.last ?? "none")) is not the "
                                  + "one its manifest names (\(manifest.migrations.last ?? "none")).")
            }
            let rows = census.rows.values.reduce(0, +)
            return "restored into a throwaway PostgreSQL cluster: \(census.rows.count) tables, \(rows) rows "
                + "(users \(census.rows["users"] ?? 0), outbox \(census.rows["outbox"] ?? 0)), schema \(census.migrations.last ?? "none")"
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw exitFailure("Backup \(name) cannot be restored: \(error)")
        }
    }
}

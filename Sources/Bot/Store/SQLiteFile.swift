import Foundation
import GRDB

/// What only the SQLite engine has: a database that is one file, copied by SQLite's online backup
/// and checked by `PRAGMA integrity_check`. Backups and the crash drill use these; another engine
/// brings its own tools.
public enum SQLiteFile {
    /// `PRAGMA integrity_check` on a read-only connection to `path` (a plain path or a `file:` URI);
    /// `["ok"]` when the file is sound.
    public static func integrityCheck(path: String) throws -> [String] {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let result = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        try queue.close()
        return result
    }

    /// "SQLite error 19 (…)." for an error from SQLite (its code and message, never the SQL's
    /// arguments); nil for any other error.
    public static func sentence(for error: any Error) -> String? {
        guard let error = error as? DatabaseError else { return nil }
        return "SQLite error \(error.resultCode.rawValue) (\(error.message ?? "no message"))."
    }
}

extension AppDatabase {
    /// SQLite's online backup from a read snapshot of the live database into a fresh file, left in
    /// rollback-journal mode so the copy is one self-contained file. Returns the copy's migrations.
    public func copy(to url: URL) throws -> [String] {
        let destination = try DatabaseQueue(path: url.path)
        try writer.backup(to: destination)
        try destination.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
        }
        let migrations = try destination.read { db in try Migrations.migrator.appliedMigrations(db) }
        try destination.close()
        return migrations
    }
}

public import Bot
public import Foundation

/// The database's part of a backup: one file in the backup folder, written from one consistent
/// snapshot while the bot runs. SQLite copies itself through its online backup API; PostgreSQL's
/// store is dumped with `pg_dump` (made in the executable, which knows both engines).
public struct DatabaseSnapshot: Sendable {
    /// The file's name in the backup folder (`BackupManifest.databaseFileName` or `postgresDumpFileName`).
    public let fileName: String
    /// Writes the snapshot into the file; returns the schema migrations it holds, newest last.
    /// Blocking: runs on the backup's own thread.
    public let write: @Sendable (URL) throws -> [String]

    public init(fileName: String, write: @escaping @Sendable (URL) throws -> [String]) {
        self.fileName = fileName
        self.write = write
    }

    /// SQLite's online backup into a fresh, self-contained file (`AppDatabase.copy(to:)`).
    public static func sqlite(_ database: AppDatabase) -> DatabaseSnapshot {
        DatabaseSnapshot(fileName: BackupManifest.databaseFileName) { try database.copy(to: $0) }
    }
}

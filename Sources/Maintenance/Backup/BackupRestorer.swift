import Bot
public import Foundation
import Media
#if canImport(Glibc)
import Glibc
#endif

/// Restores a verified backup into a data directory: the database and the media blobs. The bot
/// must be stopped. A non-empty target is refused unless `force`; with `force` the target's
/// database and media are replaced, and its backups and logs stay.
public enum BackupRestorer {
    public struct Result: Sendable {
        public var manifest: BackupManifest
        public var files: Int
        /// Users erased after the backup was taken whose rows it held: erased again.
        public var erasedAgain = 0
        /// The replaced database could not be read (damaged), so its erasures could not be carried
        /// over: the operator must repeat them (the audit log and `GET /admin/privacy` of a copy).
        public var erasuresUnreadable = false
    }

    public static func restore(_ backup: URL, to target: URL, force: Bool = false) throws -> Result {
        let manifest = try BackupVerifier.verify(backup)
        guard !manifest.holdsPostgresDump else {
            throw BackupError(.restoreFailed, "The backup \(backup.lastPathComponent) holds a PostgreSQL dump, not a data "
                              + "directory: restore it with pg_restore into an empty database (DEPLOY.md, \"Backups on "
                              + "PostgreSQL\"); --verify-only checks it in a throwaway cluster.")
        }
        let fileManager = FileManager.default
        // Nobody may have the target open: a bot would go on writing to the database replaced under it.
        let lock: DataDirectoryLock
        do {
            lock = try DataDirectoryLock(target, for: .replace)
        } catch {
            throw BackupError(.targetInUse, error.description)
        }
        defer { withExtendedLifetime(lock) {} }
        let existing = ((try? fileManager.contentsOfDirectory(atPath: target.path)) ?? [])
            .filter { !DataDirectoryLock.fileNames.contains($0) }
        if !existing.isEmpty && !force {
            throw BackupError(.targetNotEmpty,
                              "\(target.path) is not empty; restore into an empty folder, or pass --force to replace its database and media.")
        }
        if backup.standardizedFileURL.path.hasPrefix(target.standardizedFileURL.path + "/" + FolderBlobStore.dataDirectoryFolder) {
            throw BackupError(.restoreFailed, "The backup lies inside the media folder it would replace; copy it elsewhere first.")
        }
        // Erasures recorded since the backup travel on: read before the database is replaced.
        // A damaged database (the usual reason to restore) has none to read: the result says so.
        let tombstones = try? AppDatabase.tombstones(inFileAt: target.appendingPathComponent(BackupManifest.databaseFileName))
        let staging = target.appendingPathComponent(".restore-\(UUID().uuidString.prefix(8))")
        do {
            for entry in manifest.files {
                let destination = staging.appendingPathComponent(entry.path)
                guard FileModes.createDirectory(destination.deletingLastPathComponent()) else {
                    throw BackupError(.restoreFailed, "The folder for \(entry.path) cannot be created in \(target.path).")
                }
                // Copies, not links: the restored data must not share inodes with the backup it came from.
                // Modes are set, not copied: a backup made under a loose umask restores private.
                try fileManager.copyItem(at: backup.appendingPathComponent(entry.path), to: destination)
                chmod(destination.path, FileModes.file)
            }
            try replace(in: target, with: staging)
        } catch {
            try? fileManager.removeItem(at: staging)
            if let error = error as? BackupError { throw error }
            throw BackupError(.restoreFailed, "The restore into \(target.path) failed: \(BackupWriter.sentence(for: error))")
        }
        try? fileManager.removeItem(at: staging)
        var result = Result(manifest: manifest, files: manifest.files.count)
        result.erasedAgain = try reapply(tombstones ?? [], in: target)
        result.erasuresUnreadable = tombstones == nil
        return result
    }

    /// Erases again, in the restored database, everyone erased after the backup; their blobs go
    /// with the erase task the bot runs at its next start.
    private static func reapply(_ tombstones: [Tombstone], in target: URL) throws -> Int {
        guard !tombstones.isEmpty else { return 0 }
        do {
            let database = try AppDatabase.open(at: target.appendingPathComponent(BackupManifest.databaseFileName))
            return try database.reapplyNow(tombstones).count
        } catch {
            throw BackupError(.restoreFailed, "The restore finished, but erasures recorded after the backup could not be "
                              + "applied again: \(BackupWriter.sentence(for: error)). Do not start the bot; restore again.")
        }
    }

    /// Removes the target's database (with its WAL files) and media, then moves the staged ones in.
    private static func replace(in target: URL, with staging: URL) throws {
        let fileManager = FileManager.default
        let database = BackupManifest.databaseFileName
        let media = FolderBlobStore.dataDirectoryFolder
        for name in [database, "\(database)-wal", "\(database)-shm", media] {
            let url = target.appendingPathComponent(name)
            if fileManager.fileExists(atPath: url.path) { try fileManager.removeItem(at: url) }
        }
        for name in [database, media] {
            let source = staging.appendingPathComponent(name)
            guard fileManager.fileExists(atPath: source.path) else { continue }
            guard rename(source.path, target.appendingPathComponent(name).path) == 0 else {
                throw BackupError(.restoreFailed, "Moving the restored \(name) into \(target.path) failed.")
            }
        }
        FileDigest.sync(target)
    }
}

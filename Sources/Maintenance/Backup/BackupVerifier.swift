import Bot
public import Foundation

/// Checks a backup before anyone trusts it: the manifest is readable, every file it lists exists
/// with its size and SHA-256, no file is missing from it, nothing in it is a link or special
/// file, and SQLite's `integrity_check` passes on the database copy.
public enum BackupVerifier {
    /// Returns the manifest of a sound backup; throws `.damagedBackup` naming the first problem.
    @discardableResult
    public static func verify(_ folder: URL) throws -> BackupManifest {
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw BackupError(.damagedBackup, "There is no backup at \(folder.path).")
        }
        // Before anything is read: a link could lead outside the backup, a pipe could block.
        if let special = FileDigest.specialFiles(under: folder).first {
            throw refuse(folder, "\(special) is a symbolic link or special file, and a backup holds only regular files")
        }
        let manifest = try BackupManifest.read(from: folder)
        guard manifest.files.contains(where: { $0.path == BackupManifest.databaseFileName }) || manifest.holdsPostgresDump else {
            throw refuse(folder, "its manifest lists no database")
        }
        for entry in manifest.files {
            guard !entry.path.hasPrefix("/"), !entry.path.split(separator: "/").contains("..") else {
                throw refuse(folder, "its manifest names a path outside the backup (\(entry.path))")
            }
            let url = folder.appendingPathComponent(entry.path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw refuse(folder, "\(entry.path) is missing")
            }
            guard FileDigest.size(of: url) == entry.bytes, try FileDigest.sha256(of: url) == entry.sha256 else {
                throw refuse(folder, "\(entry.path) does not match its checksum")
            }
        }
        let listed = Set(manifest.files.map(\.path))
        let present = Set(FileDigest.files(under: folder)).subtracting([BackupManifest.fileName])
        if let stray = present.subtracting(listed).sorted().first {
            throw refuse(folder, "\(stray) is not in its manifest")
        }
        // A PostgreSQL dump is checked by restoring it (`sogreto restore --verify-only`).
        if !manifest.holdsPostgresDump {
            try checkIntegrity(folder.appendingPathComponent(BackupManifest.databaseFileName), backup: folder)
        }
        return manifest
    }

    /// `PRAGMA integrity_check` on a read-only, immutable connection: SQLite takes no lock and
    /// creates no `-wal`, `-shm` or journal, so verifying writes nothing anywhere in the backup.
    static func checkIntegrity(_ database: URL, backup folder: URL) throws {
        let result: [String]
        do {
            result = try SQLiteFile.integrityCheck(path: immutableURI(database))
        } catch {
            throw refuse(folder, "its database cannot be opened by SQLite")
        }
        guard result == ["ok"] else {
            throw refuse(folder, "its database fails SQLite's integrity check (\(result.first ?? "no answer"))")
        }
    }

    /// A SQLite URI filename (`file:…?mode=ro&immutable=1`) with `%`, `?` and `#` escaped.
    static func immutableURI(_ database: URL) -> String {
        var path = ""
        for character in database.standardizedFileURL.path {
            switch character {
            case "%": path += "%25"
            case "?": path += "%3F"
            case "#": path += "%23"
            default: path.append(character)
            }
        }
        return "file:\(path)?mode=ro&immutable=1"
    }

    private static func refuse(_ folder: URL, _ reason: String) -> BackupError {
        BackupError(.damagedBackup, "The backup \(folder.lastPathComponent) is damaged: \(reason); nothing was restored.")
    }
}

import Foundation
import GRDB
import Media
import Testing
@testable import Bot
@testable import Maintenance

/// Hostile or unlucky backups: verifying writes nothing, links, special files and oversized
/// manifests are refused.
@Suite struct BackupHardeningTests {
    @Test func verifyingABackupWithAWriteAheadLogChangesNothingInIt() throws {
        let root = temporaryDirectory("verify-ro")
        defer { try? FileManager.default.removeItem(at: root) }
        // Given a backup whose database was copied with its -wal (WAL mode, frames not checkpointed)
        let backup = try backupWithWriteAheadLog(in: root)
        let before = try TreeSnapshot(backup)
        #expect(before.entries.keys.contains("sogreto.sqlite-wal"))
        // When it is verified (what `restore --verify-only` does), twice
        try BackupVerifier.verify(backup)
        let after = try TreeSnapshot(backup)
        // Then not a file, mode, size, time or byte changed, and so it is still sound
        #expect(after == before, "\(after.differences(from: before))")
        try BackupVerifier.verify(backup)
    }

    @Test func aMediaFolderLinkingOutsideTheBackupIsRefused() throws {
        let root = temporaryDirectory("verify-link")
        defer { try? FileManager.default.removeItem(at: root) }
        let backup = try plainBackup(in: root)
        // Given a folder in media/ that is a link to a folder outside the backup, listed in the manifest
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: outside.appendingPathComponent("cd.jpg"))
        try FileManager.default.createDirectory(at: backup.appendingPathComponent("media"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: backup.appendingPathComponent("media/ab"), withDestinationURL: outside)
        try list(["media/ab/cd.jpg"], in: backup)
        // Then verification and restore refuse it, naming the link, and nothing is copied
        let refusal = #expect(throws: BackupError.self) { try BackupVerifier.verify(backup) }
        #expect(refusal?.description.contains("media/ab is a symbolic link") == true, "\(refusal?.description ?? "")")
        let target = root.appendingPathComponent("target")
        #expect(throws: BackupError.self) { try BackupRestorer.restore(backup, to: target) }
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("media/ab/cd.jpg").path))
    }

    @Test func anUnlistedLinkOrAPipeMakesABackupDamaged() throws {
        let root = temporaryDirectory("verify-special")
        defer { try? FileManager.default.removeItem(at: root) }
        let backup = try plainBackup(in: root)
        try BackupVerifier.verify(backup)
        // An unlisted link to a file inside the backup
        try FileManager.default.createSymbolicLink(at: backup.appendingPathComponent("copy.sqlite"),
                                                   withDestinationURL: backup.appendingPathComponent("sogreto.sqlite"))
        let link = #expect(throws: BackupError.self) { try BackupVerifier.verify(backup) }
        #expect(link?.description.contains("copy.sqlite is a symbolic link") == true, "\(link?.description ?? "")")
        try FileManager.default.removeItem(at: backup.appendingPathComponent("copy.sqlite"))
        // A named pipe (reading it would block forever)
        #expect(mkfifo(backup.appendingPathComponent("fifo").path, 0o600) == 0)
        let pipe = #expect(throws: BackupError.self) { try BackupVerifier.verify(backup) }
        #expect(pipe?.description.contains("fifo is a symbolic link or special file") == true)
    }

    @Test func anOversizedManifestIsRefusedBeforeItIsRead() throws {
        let root = temporaryDirectory("manifest-huge")
        defer { try? FileManager.default.removeItem(at: root) }
        let backup = try plainBackup(in: root)
        // Given a manifest grown to 300 MB (sparse: no disk used)
        let manifest = backup.appendingPathComponent(BackupManifest.fileName)
        try resize(manifest, to: 300 << 20)
        // Then it is refused at once with a sentence, not loaded
        let started = Date()
        let refusal = #expect(throws: BackupError.self) { try BackupVerifier.verify(backup) }
        #expect(refusal?.description.contains("manifest.json of 300 MB; a manifest may be at most 256 MB") == true,
                "\(refusal?.description ?? "")")
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func aManifestIsReadLineByLineAndAnEndlessLineIsRefused() throws {
        let root = temporaryDirectory("manifest-line")
        defer { try? FileManager.default.removeItem(at: root) }
        let backup = try plainBackup(in: root)
        let url = backup.appendingPathComponent(BackupManifest.fileName)
        // The manifest sogreto writes is one JSON document, one file per line, and reads back the same
        let written = try BackupManifest.read(from: backup)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
        #expect(text.split(separator: "\n").count == written.files.count + 2)
        #expect(text.split(separator: "\n").dropFirst().first?.contains("\"path\":\"sogreto.sqlite\"") == true)
        // Given a 100 MB manifest whose first line never ends (under the size cap)
        try Data("{\"format\":1,\"files\":[\"".utf8).write(to: url)
        try resize(url, to: 100 << 20)
        // Then it is refused after reading one line's worth, with a sentence
        let started = Date()
        let refusal = #expect(throws: BackupError.self) { try BackupVerifier.verify(backup) }
        #expect(refusal?.description.contains("a line over 64 KB") == true, "\(refusal?.description ?? "")")
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func aManifestInTheEarlierIndentedLayoutStillReads() throws {
        let root = temporaryDirectory("manifest-indented")
        defer { try? FileManager.default.removeItem(at: root) }
        let backup = try plainBackup(in: root)
        let manifest = try BackupManifest.read(from: backup)
        try BackupManifest.encoder().encode(manifest).write(to: backup.appendingPathComponent(BackupManifest.fileName))
        #expect(try BackupVerifier.verify(backup) == manifest)
    }

    private func resize(_ url: URL, to size: UInt64) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    // MARK: Building backups

    private func plainBackup(in root: URL) throws -> URL {
        let live = root.appendingPathComponent("live")
        let database = try AppDatabase.open(at: live.appendingPathComponent("sogreto.sqlite"))
        return try BackupWriter(database: database, dataDirectory: live).make(now: Date()).folder
    }

    /// A backup folder holding a WAL-mode database and its uncheckpointed `-wal`, both listed.
    private func backupWithWriteAheadLog(in root: URL) throws -> URL {
        let live = root.appendingPathComponent("live")
        let backup = try plainBackup(in: root)
        let source = live.appendingPathComponent("wal.sqlite")
        let queue = try DatabaseQueue(path: source.path)
        try queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "CREATE TABLE notes(text TEXT)")
            for index in 0..<50 { try db.execute(sql: "INSERT INTO notes VALUES (?)", arguments: ["note \(index)"]) }
        }
        // Copied while the connection is open, so the -wal still holds the rows.
        for (from, to) in [("wal.sqlite", "sogreto.sqlite"), ("wal.sqlite-wal", "sogreto.sqlite-wal")] {
            let destination = backup.appendingPathComponent(to)
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.copyItem(at: live.appendingPathComponent(from), to: destination)
        }
        try queue.close()
        try list(["sogreto.sqlite", "sogreto.sqlite-wal"], in: backup)
        return backup
    }

    /// Rewrites the manifest so it lists `paths` with their true sizes and checksums.
    private func list(_ paths: [String], in backup: URL) throws {
        var manifest = try BackupManifest.read(from: backup)
        manifest.files.removeAll { paths.contains($0.path) }
        for path in paths {
            let url = backup.appendingPathComponent(path)
            let data = (try? Data(contentsOf: url)) ?? Data()
            manifest.files.append(.init(path: path, bytes: Int64(data.count), sha256: BlobKey.of(data).hex))
        }
        try manifest.write(to: backup.appendingPathComponent(BackupManifest.fileName))
    }
}

/// Every entry under a folder (the folder itself included) with its type, mode, size,
/// modification time and content hash, links not followed.
struct TreeSnapshot: Equatable {
    var entries: [String: String]

    init(_ root: URL) throws {
        entries = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            var status = stat()
            guard lstat(url.path, &status) == 0 else { continue }
            let kind = status.st_mode & S_IFMT
            var line = "mode \(String(status.st_mode, radix: 8)) size \(status.st_size) "
                + "mtime \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
            if kind == S_IFREG { line += " sha \(BlobKey.of(try Data(contentsOf: url)).hex)" }
            entries[relative.isEmpty ? "." : relative] = line
            if kind == S_IFDIR {
                for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                    pending.append(relative.isEmpty ? name : relative + "/" + name)
                }
            }
        }
    }

    func differences(from other: TreeSnapshot) -> [String] {
        Set(entries.keys).union(other.entries.keys).sorted().compactMap { key in
            entries[key] == other.entries[key] ? nil : "\(key): \(other.entries[key] ?? "absent") → \(entries[key] ?? "absent")"
        }
    }
}

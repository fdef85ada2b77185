public import Bot
public import Foundation
import Logging
public import Media
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Takes a backup while the bot runs: an online copy of the database through SQLite's backup API
/// (a consistent snapshot; writers are not blocked), the media blobs as hard links or copies, and
/// a manifest of checksums. Everything is written to `backups/.tmp-…` and renamed into place when
/// complete, so a crash never leaves a half backup under a valid name.
public struct BackupWriter: Sendable {
    /// How the database gets into the backup: SQLite's online copy, or PostgreSQL's `pg_dump`.
    public let snapshot: DatabaseSnapshot
    public let dataDirectory: URL
    public let backupsDirectory: URL
    /// The media folder whose blobs the backup links; nil when media live elsewhere (a bucket),
    /// and then the backup holds the database only.
    let mediaFolder: FolderBlobStore?

    public init(database: AppDatabase, dataDirectory: URL, backupsDirectory: URL? = nil, blobs: (any BlobStore)? = nil) {
        self.init(snapshot: .sqlite(database), dataDirectory: dataDirectory, backupsDirectory: backupsDirectory, blobs: blobs)
    }

    public init(snapshot: DatabaseSnapshot, dataDirectory: URL, backupsDirectory: URL? = nil, blobs: (any BlobStore)? = nil) {
        self.snapshot = snapshot
        self.dataDirectory = dataDirectory
        self.backupsDirectory = backupsDirectory ?? dataDirectory.appendingPathComponent("backups")
        mediaFolder = blobs.map { $0 as? FolderBlobStore } ?? (try? FolderBlobStore(dataDirectory: dataDirectory))
    }

    /// Whether backups hold copies of the media blobs (a local media folder) or rely on the store.
    public var includesMedia: Bool { mediaFolder != nil }

    /// What one backup holds.
    public struct Result: Sendable {
        public var folder: URL
        public var manifest: BackupManifest
        public var linkedFiles: Int
        public var copiedFiles: Int
    }

    /// Writes one backup named after `now` (UTC, `2026-11-26T033000Z`). Blocking file and SQLite
    /// work: call it off the cooperative pool (`makeInBackground`).
    package func make(now: Date) throws -> Result {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: backupsDirectory, withIntermediateDirectories: true)
        } catch {
            throw BackupError(.backupFailed, "The backups folder \(backupsDirectory.path) cannot be created.")
        }
        let temporary = backupsDirectory.appendingPathComponent(".tmp-\(BackupName.format(now))-\(UUID().uuidString.prefix(8))")
        do {
            try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
            var result = try fill(temporary, now: now)
            let target = uniqueTarget(for: now)
            guard rename(temporary.path, target.path) == 0 else {
                throw BackupError(.backupFailed, "The finished backup could not be renamed to \(target.path).")
            }
            FileDigest.sync(backupsDirectory)
            result.folder = target
            return result
        } catch {
            try? fileManager.removeItem(at: temporary)
            if let error = error as? BackupError { throw error }
            throw BackupError(.backupFailed, "The backup failed: \(Self.sentence(for: error))")
        }
    }

    /// `make(now:)` on NIO's shared pool for blocking work, so the service does not hold a
    /// cooperative-pool thread for the seconds a large copy takes.
    public func makeInBackground(now: Date) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            NIOThreadPool.singleton.submit { _ in continuation.resume(with: Swift.Result { try make(now: now) }) }
        }
    }

    private func fill(_ folder: URL, now: Date) throws -> Result {
        var entries: [BackupManifest.Entry] = []
        let databaseCopy = folder.appendingPathComponent(snapshot.fileName)
        let migrations = try snapshot.write(databaseCopy)
        FileDigest.sync(databaseCopy)
        entries.append(try entry(snapshot.fileName, in: folder))
        var linked = 0
        var copied = 0
        var continuation: String?
        while let media = mediaFolder {
            let page = try media.listNow(after: continuation)
            for blob in page.entries {
                guard let source = media.localFile(blob.name) else { continue } // deleted meanwhile
                let relative = FolderBlobStore.dataDirectoryPath(of: blob.name)
                if try FileDigest.linkOrCopy(source, to: folder.appendingPathComponent(relative)) {
                    linked += 1
                } else {
                    copied += 1
                }
                entries.append(try entry(relative, in: folder))
            }
            continuation = page.continuation
            if continuation == nil { break }
        }
        let manifest = BackupManifest(format: BackupManifest.currentFormat, createdAt: now, migrations: migrations,
                                      files: entries)
        let manifestURL = folder.appendingPathComponent(BackupManifest.fileName)
        try manifest.write(to: manifestURL)
        FileDigest.sync(manifestURL)
        FileDigest.sync(folder)
        return Result(folder: folder, manifest: manifest, linkedFiles: linked, copiedFiles: copied)
    }

    private func entry(_ relative: String, in folder: URL) throws -> BackupManifest.Entry {
        let url = folder.appendingPathComponent(relative)
        return BackupManifest.Entry(path: relative, bytes: FileDigest.size(of: url), sha256: try FileDigest.sha256(of: url))
    }

    /// Two backups in one second (a manual one beside the daily one) get `-2`, `-3`…
    private func uniqueTarget(for now: Date) -> URL {
        let base = BackupName.format(now)
        var candidate = backupsDirectory.appendingPathComponent(base)
        var suffix = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = backupsDirectory.appendingPathComponent("\(base)-\(suffix)")
            suffix += 1
        }
        return candidate
    }

    static func sentence(for error: any Error) -> String {
        if let sentence = SQLiteFile.sentence(for: error) { return sentence }
        if let error = error as? CocoaError, let path = error.userInfo[NSFilePathErrorKey] as? String {
            return "a file operation on \(path) failed (code \(error.code.rawValue))."
        }
        return "\(ErrorSummary.of(error))."
    }
}

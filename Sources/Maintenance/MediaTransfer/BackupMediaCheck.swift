import Bot
public import Foundation
public import Media

/// Whether the blobs a backup needs are in a store. A backup of S3 media holds the database
/// only, so a restore is whole only if the bucket still has every blob its rows refer to (and
/// any blob its manifest lists, with that size): each one is looked for in one listing.
public enum BackupMediaCheck {
    /// `backup` must be verified first (`BackupVerifier.verify`); its database is read from a
    /// copy in `scratch` (opening migrates it, and the backup must not change).
    public static func check(_ backup: URL, manifest: BackupManifest, against store: any BlobStore,
                             scratch: URL) async throws -> MediaVerification.Report {
        var expected = try await referencedBlobs(in: backup, scratch: scratch)
        let prefix = FolderBlobStore.dataDirectoryFolder + "/"
        for entry in manifest.files where entry.path.hasPrefix(prefix) {
            if let name = FolderBlobStore.name(forDataDirectoryPath: entry.path) {
                expected[name.key.hex] = .some(entry.bytes)
            }
        }
        return try await MediaVerification(store: store, readsContent: false).verify(expected)
    }

    private static func referencedBlobs(in backup: URL, scratch: URL) async throws -> [String: Int64?] {
        let folder = scratch.appendingPathComponent("backup-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let copy = folder.appendingPathComponent(BackupManifest.databaseFileName)
            try FileManager.default.copyItem(at: backup.appendingPathComponent(BackupManifest.databaseFileName), to: copy)
            let database = try AppDatabase.open(at: copy)
            return MediaVerification.expected(try await database.mediaReferences())
        } catch {
            throw BackupError(.damagedBackup, "The database of the backup \(backup.path) could not be read for its "
                              + "media references (\(ErrorSummary.of(error))).")
        }
    }
}

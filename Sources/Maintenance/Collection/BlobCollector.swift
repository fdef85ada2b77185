public import Bot
public import Foundation
public import Media

/// Deletes blobs no row refers to once no retained backup needs them (`BlobCollectionPolicy`):
/// the photos users deleted or replaced, and renders of photos that are gone. One pass lists
/// the store page by page, so it works on the media folder and on S3 alike.
public struct BlobCollector: Sendable {
    let database: any Store
    let blobs: any BlobStore
    let policy: BlobCollectionPolicy
    /// When the retained backups were taken (read on each pass); none when there are no backups.
    let retainedBackups: @Sendable () -> [Date]

    public init(database: any Store, blobs: any BlobStore, policy: BlobCollectionPolicy,
                retainedBackups: @escaping @Sendable () -> [Date]) {
        self.database = database
        self.blobs = blobs
        self.policy = policy
        self.retainedBackups = retainedBackups
    }

    /// The backups in `folder` (named by the time they were taken) as `retainedBackups`.
    public static func backups(in folder: URL) -> @Sendable () -> [Date] {
        { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).compactMap(BackupName.date(of:)) }
    }

    /// What one pass did.
    package struct Outcome: Sendable, Equatable {
        /// Cached renders dropped because a photo they show is gone.
        var staleRenders = 0
        /// Blobs with no row (past the upload window), collected or not.
        package var unreferenced = 0
        package var deleted = 0
        var freedBytes: Int64 = 0
        /// Unreferenced blobs kept for a retained backup (or the upload window).
        var kept: Int { unreferenced - deleted }
    }

    package func collect(now: Date) async throws -> Outcome {
        var outcome = Outcome()
        outcome.staleRenders = try await database.deleteStaleRenders()
        let referenced = try await database.mediaReferences().referencedBlobs
        var unreferenced: [String: [BlobEntry]] = [:]
        try await blobs.forEachEntry { entries in
            for entry in entries where !referenced.contains(entry.name.key.hex)
                && now.timeIntervalSince(entry.modifiedAt) >= policy.uploadWindow {
                unreferenced[entry.name.key.hex, default: []].append(entry)
            }
        }
        let released = try await database.noteReleasedBlobs(Set(unreferenced.keys), now: now)
        outcome.unreferenced = released.count
        let backups = retainedBackups()
        for (hex, releasedAt) in released.sorted(by: { $0.key < $1.key })
            where policy.mayDelete(releasedAt: releasedAt, now: now, retainedBackups: backups) {
            guard let freed = try await delete(hex, entries: unreferenced[hex] ?? [], now: now) else { continue }
            outcome.freedBytes += freed
            outcome.deleted += 1
        }
        return outcome
    }

    /// Deletes the blob's files after checking once more that no row refers to it and that it
    /// was not stored again meanwhile; returns the bytes freed, nil when it stays.
    private func delete(_ hex: String, entries: [BlobEntry], now: Date) async throws -> Int64? {
        guard try await !database.isBlobReferenced(hex) else { return nil }
        var freed: Int64 = 0
        for entry in entries {
            guard let head = try await blobs.head(entry.name) else { continue }
            guard now.timeIntervalSince(head.modifiedAt) >= policy.uploadWindow else { return nil }
            try await blobs.delete(entry.name)
            freed += head.size
        }
        try await database.forgetBlobRelease(hex)
        return freed
    }
}

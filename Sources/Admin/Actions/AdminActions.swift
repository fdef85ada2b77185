public import Bot
public import Media
public import Foundation
public import Program

/// What operators can do, shared by the admin HTTP API and `sogreto admin`: the same queries and
/// the same audit rows whichever door they come through.
public struct AdminActions: Sendable {
    public let database: any Store
    public let blobs: BlobInventory
    public let budget: MediaBudget?
    let strings: BotStrings
    let clock: any BotClock
    /// Called after messages were queued outside an update (a purge notice), to wake Delivery.
    let outboxChanged: @Sendable () async -> Void
    let diskUsage = DiskUsageCache()
    /// Blobs younger than this are never called orphans: an upload writes its blob before its row.
    public var orphanMinimumAge: TimeInterval = 600
    /// Whether purges and cleanups delete the blobs they release at once. Not when backups hold
    /// the database only (media in a bucket): the blob collector deletes them once no retained
    /// backup needs them.
    var deletesReleasedBlobs: Bool
    /// The experiments declared in the content (`AdminActions+Experiments`).
    public var experiments: [Experiment] = []

    public init(database: any Store, blobs: any BlobStore, budget: MediaBudget?, strings: BotStrings,
                clock: any BotClock, outboxChanged: @escaping @Sendable () async -> Void = {}) {
        self.database = database
        self.blobs = BlobInventory(store: blobs)
        deletesReleasedBlobs = MediaStorage.backupsHoldBlobs(of: blobs)
        self.budget = budget
        self.strings = strings
        self.clock = clock
        self.outboxChanged = outboxChanged
    }

    /// The actions for the configured media store and budget.
    public init(configuration: Configuration, database: any Store, clock: any BotClock, blobs: (any BlobStore)? = nil,
                outboxChanged: @escaping @Sendable () async -> Void = {}) throws {
        let strings: BotStrings
        let catalog = Self.declaredCatalog(configuration)
        do {
            strings = try BotStrings.load(from: configuration.assetsDirectory.appendingPathComponent("locales"),
                                          variants: catalog?.sharedVariants.bot ?? [])
        } catch {
            throw AdminError.storage("The bot's texts could not be read from \(configuration.assetsDirectory.path)/locales.")
        }
        let store: any BlobStore
        do {
            store = try blobs ?? MediaStorage.blobStore(for: configuration)
        } catch {
            throw AdminError.storage("The media store cannot be opened: \(error)")
        }
        self.init(database: database, blobs: store, budget: configuration.mediaBudget,
                  strings: strings, clock: clock, outboxChanged: outboxChanged)
        experiments = catalog?.experiments ?? []
    }

    /// The storage figures, with the blob directory measured (at most every five minutes).
    public func storage(top: Int = 10) async throws -> StorageReport {
        var report = try await database.storageReport(budget: budget, top: top)
        let blobs = blobs
        let disk = try await diskUsage.usage(now: clock.now()) { try await blobs.scan() }
        report.bytesOnDisk = disk.bytes
        report.blobFiles = disk.files
        return report
    }

    public func funnel() async throws -> FunnelReport {
        try await database.funnelReport()
    }

    public func userMedia(_ userID: Int64) async throws -> UserMedia {
        guard let media = try await database.userMedia(userID) else { throw AdminError.noSuchUser(userID) }
        return media
    }

    public func setQuota(userID: Int64, change: MediaQuota.Change, actor: String) async throws -> MediaQuota {
        if let problem = change.problem { throw AdminError.badRequest(problem) }
        guard let quota = try await database.setQuota(userID: userID, change: change, actor: actor, now: clock.now()) else {
            throw AdminError.noSuchUser(userID)
        }
        return quota
    }

    /// Deletes a user's photos and renders, tells them kindly in their language, then removes the
    /// files no other row needs. A crash between the two leaves orphans, which cleanup removes.
    func purgeMedia(userID: Int64, actor: String) async throws -> PurgeResult {
        let strings = strings
        guard let result = try await database.purgeMedia(userID: userID, actor: actor, notice: { locale in
            [.message(text: strings.text("media_purged", locale), keyboard: nil)]
        }, now: clock.now()) else { throw AdminError.noSuchUser(userID) }
        if deletesReleasedBlobs {
            for hex in result.releasedBlobs { try await blobs.delete(hex) }
        }
        await diskUsage.invalidate()
        if result.photos + result.renders > 0 { await outboxChanged() }
        return result
    }

    public func orphans() async throws -> OrphanReport {
        let references = try await database.mediaReferences()
        let files = try await blobs.scan()
        return OrphanReport.find(references: references, blobs: files, now: clock.now(), minimumAge: orphanMinimumAge)
    }

    /// Removes what `orphans()` finds: rows whose file is gone or whose source photo is gone
    /// (audited), then files no row refers to.
    public func cleanUpOrphans(actor: String) async throws -> CleanupResult {
        let report = try await orphans()
        let photoIDs = Set(report.rowsWithoutBlob.filter { $0.table == "photos" }.map(\.id)).sorted()
        let renderIDs = Set(report.rowsWithoutBlob.filter { $0.table == "renders" }.map(\.id)
                            + report.rendersWithoutSource.map(\.id)).sorted()
        let released = try await database.deleteMediaRows(
            photoIDs: photoIDs, renderIDs: renderIDs, actor: actor,
            detail: ["photo_rows": Int64(photoIDs.count), "render_rows": Int64(renderIDs.count),
                     "blobs": Int64(report.blobsWithoutRow.count)],
            now: clock.now())
        let doomed = Set(report.blobsWithoutRow.map(\.sha256)).union(released)
        var deleted = 0
        var freed: Int64 = 0
        for hex in doomed.sorted() where deletesReleasedBlobs {
            let bytes = try await blobs.delete(hex)
            if bytes > 0 { deleted += 1; freed += bytes }
        }
        await diskUsage.invalidate()
        return CleanupResult(deletedBlobs: deleted, freedBytes: freed, deletedPhotoRows: photoIDs.count,
                             deletedRenderRows: renderIDs.count)
    }

    package func audit(limit: Int = 100) async throws -> [AuditEntry] {
        try await database.auditLog(limit: limit)
    }
}

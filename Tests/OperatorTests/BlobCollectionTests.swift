import Foundation
import GRDB
import Media
import Testing
@testable import Bot
@testable import Maintenance

/// Blobs of deleted and replaced photos, and of renders nothing can show any more, are collected
/// once no row refers to them and no retained backup needs them.
@Suite struct BlobCollectionTests {
    /// A data directory with a database and a blob store, and photos whose blobs are old enough.
    struct PhotoDiaryFixture {
        let directory: URL
        let database: AppDatabase
        let blobs: any BlobStore
        let start: Date

        static func make(_ label: String, blobs: ((URL) throws -> any BlobStore)? = nil) throws -> PhotoDiaryFixture {
            let directory = temporaryDirectory(label)
            let database = try AppDatabase.open(at: directory.appendingPathComponent("sogreto.sqlite"))
            let store = try blobs?(directory) ?? FolderBlobStore(dataDirectory: directory)
            return PhotoDiaryFixture(directory: directory, database: database, blobs: store, start: Date())
        }

        /// A photo row with its two blobs, written three hours before `start`.
        func addPhoto(user: Int64, _ label: String) async throws -> (id: Int64, main: BlobKey, thumb: BlobKey) {
            let main = try await store(Data("photo \(label) ".utf8) + Data(repeating: 9, count: 4_000))
            let thumb = try await store(Data("thumbnail \(label)".utf8))
            let start = start
            let id = try await database.writer.write { db -> Int64 in
                try db.execute(sql: """
                    INSERT OR IGNORE INTO users(id, first_name, locale, status, created_at, updated_at, last_activity_at)
                    VALUES (?, 'T', 'ru', 'active', ?, ?, ?)
                    """, arguments: [user, start, start, start])
                try db.execute(sql: """
                    INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format, green_coverage, created_at)
                    VALUES (?, 1, ?, ?, 4000, 1280, 960, 'jpeg', 0.4, ?)
                    """, arguments: [user, main.hex, thumb.hex, start])
                return db.lastInsertedRowID
            }
            return (id, main, thumb)
        }

        /// A cached collage of `sources`, its blob written three hours before `start`.
        func addRender(user: Int64, sources: [BlobKey]) async throws -> BlobKey {
            let key = try await store(Data("collage of \(sources.map(\.hex))".utf8))
            let json = "[" + sources.map { "\"\($0.hex)\"" }.joined(separator: ",") + "]"
            let start = start
            try await database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO renders(user_id, kind, cache_key, sha256, bytes, sources, created_at) VALUES (?, 'collage', ?, ?, 10, ?, ?)
                    """, arguments: [user, UUID().uuidString, key.hex, json, start])
            }
            return key
        }

        /// Stores bytes as an upload three hours ago would have (the folder's file time set back).
        func store(_ data: Data) async throws -> BlobKey {
            let stored = try await blobs.put(data, format: .jpeg)
            if let file = blobs.localFile(stored.name) {
                try FileManager.default.setAttributes([.modificationDate: start.addingTimeInterval(-10_800)], ofItemAtPath: file.path)
            }
            return stored.key
        }

        /// The user deletes a photo in the diary (the bot's own change).
        func deletePhoto(_ id: Int64, user: Int64) async throws {
            let start = start
            try await database.writer.write { db in try AppDatabase.apply([.deletePhoto(id: id)], userID: user, now: start, in: db) }
        }

        func has(_ key: BlobKey) async throws -> Bool {
            try await blobs.head(BlobName(key: key, format: .jpeg)) != nil
        }
    }

    @Test func anUnreferencedBlobOlderThanTheWindowIsCollectedAndEverythingElseStays() async throws {
        let diary = try PhotoDiaryFixture.make("collect")
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        // Given a kept photo, a deleted one with a cached collage of it, and a fresh upload with no row yet
        let kept = try await diary.addPhoto(user: 1, "kept")
        let deleted = try await diary.addPhoto(user: 1, "deleted")
        let collage = try await diary.addRender(user: 1, sources: [kept.main, deleted.main])
        let keptCollage = try await diary.addRender(user: 1, sources: [kept.main])
        try await diary.deletePhoto(deleted.id, user: 1)
        let fresh = try await diary.blobs.put(Data("an upload whose row is on its way".utf8), format: .jpeg).key
        let collector = BlobCollector(database: diary.database, blobs: diary.blobs,
                                      policy: BlobCollectionPolicy(uploadWindow: 3_600, backupsCarryMedia: true, retentionPeriod: 8 * 86_400),
                                      retainedBackups: { [] })

        // When the collector first sees them: released now, still within the window
        let first = try await collector.collect(now: diary.start)
        #expect(first.staleRenders == 1)
        #expect(first.unreferenced == 3 && first.deleted == 0)
        #expect(try await diary.has(deleted.main))
        #expect(try await diary.has(collage))

        // When it runs again past the window
        let later = try await collector.collect(now: diary.start.addingTimeInterval(3_601))

        // Then the deleted photo's blobs and its stale collage are gone, the rest stays
        #expect(later.deleted == 3)
        #expect(later.freedBytes > 4_000)
        for gone in [deleted.main, deleted.thumb, collage] { #expect(try await !diary.has(gone)) }
        for stays in [kept.main, kept.thumb, keptCollage, fresh] { #expect(try await diary.has(stays)) }
        let releases = try await diary.database.writer.read { db in try String.fetchAll(db, sql: "SELECT sha256 FROM blob_releases") }
        #expect(Set(releases).isDisjoint(with: [deleted.main.hex, deleted.thumb.hex, collage.hex]), "collected blobs' releases are forgotten")
    }

    @Test func aPhotoHeldForTheUsersChoiceKeepsItsBlobsHoweverLongItWaits() async throws {
        let diary = try PhotoDiaryFixture.make("held")
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        // Given a photo held in its ingest task while the user chooses what it replaces (diary full)
        let main = try await diary.store(Data("held photo ".utf8) + Data(repeating: 7, count: 4_000))
        let thumb = try await diary.store(Data("held thumbnail".utf8))
        let facts = StoredPhotoFacts(sha256: main.hex, thumbSHA256: thumb.hex, bytes: 4_000, width: 1280, height: 960,
                                     sourceFormat: "jpeg", greenCoverage: 0.4, day: 3, programID: nil, fileUniqueID: "u-held")
        var payload = IngestPayload(fileID: "f-held", fileUniqueID: "u-held", day: 3, isDocument: false)
        payload.stored = facts
        let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        let start = diary.start
        try await diary.database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO media_tasks(user_id, chat_id, kind, payload, state, created_at, updated_at)
                VALUES (1, 1, 'ingest', ?, 'held', ?, ?)
                """, arguments: [json, start, start])
        }
        let collector = BlobCollector(database: diary.database, blobs: diary.blobs,
                                      policy: BlobCollectionPolicy(uploadWindow: 3_600, backupsCarryMedia: true, retentionPeriod: 8 * 86_400),
                                      retainedBackups: { [] })
        // When the collector runs now and a day later
        _ = try await collector.collect(now: start)
        let later = try await collector.collect(now: start.addingTimeInterval(86_400))
        // Then both its blobs stay for the user's choice
        #expect(later.unreferenced == 0 && later.deleted == 0)
        #expect(try await diary.has(main))
        #expect(try await diary.has(thumb))
    }

    @Test func aBlobStoredAgainBeforeItIsCollectedStays() async throws {
        let diary = try PhotoDiaryFixture.make("restored-photo")
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        // Given a deleted photo's blob, released more than the window ago
        let photo = try await diary.addPhoto(user: 1, "again")
        try await diary.deletePhoto(photo.id, user: 1)
        let collector = BlobCollector(database: diary.database, blobs: diary.blobs,
                                      policy: BlobCollectionPolicy(uploadWindow: 3_600, backupsCarryMedia: true,
                                                                   retentionPeriod: 8 * 86_400),
                                      retainedBackups: { [] })
        #expect(try await collector.collect(now: diary.start.addingTimeInterval(-3_700)).unreferenced == 2)
        // When the user sends the same photo again: its blob is stored again, its row is on its way
        _ = try await diary.blobs.put(Data("photo again ".utf8) + Data(repeating: 9, count: 4_000), format: .jpeg)
        let outcome = try await collector.collect(now: diary.start.addingTimeInterval(1))
        // Then the renewed blob stays (the thumbnail, not sent again, goes)
        #expect(outcome.deleted == 1)
        #expect(try await diary.has(photo.main))
        #expect(try await !diary.has(photo.thumb))
    }

    @Test func withMediaOutsideTheBackupsABlobWaitsForTheBackupsThatNeedIt() {
        let policy = BlobCollectionPolicy(uploadWindow: 3_600, backupsCarryMedia: false, retentionPeriod: 8 * 86_400)
        let released = Date(timeIntervalSince1970: 1_800_000_000)
        let before = released.addingTimeInterval(-86_400), after = released.addingTimeInterval(86_400)
        let now = released.addingTimeInterval(2 * 86_400)
        #expect(!policy.mayDelete(releasedAt: released, now: now, retainedBackups: [before, after]))
        #expect(policy.mayDelete(releasedAt: released, now: now, retainedBackups: [after]))
        #expect(policy.mayDelete(releasedAt: released, now: now, retainedBackups: []))
        #expect(policy.mayDelete(releasedAt: released, now: released.addingTimeInterval(8 * 86_400), retainedBackups: [before]))
        #expect(!policy.mayDelete(releasedAt: released, now: released.addingTimeInterval(60), retainedBackups: []))
        #expect(BlobCollectionPolicy.retention(keepDaily: 7, keepWeekly: 4) == 29 * 86_400)
    }

    @Test func restoringAnOlderBackupStillHasItsMediaWhenTheBackupHoldsTheBlobs() async throws {
        let diary = try PhotoDiaryFixture.make("restore-folder")
        let restored = temporaryDirectory("restored-folder")
        defer { for url in [diary.directory, restored] { try? FileManager.default.removeItem(at: url) } }
        // Given a photo in a backup, then deleted by its user and collected from the live store
        let photo = try await diary.addPhoto(user: 1, "old")
        let writer = BackupWriter(database: diary.database, dataDirectory: diary.directory, blobs: diary.blobs)
        #expect(writer.includesMedia)
        let backup = try writer.make(now: diary.start.addingTimeInterval(-60))
        try await diary.deletePhoto(photo.id, user: 1)
        let collector = BlobCollector(database: diary.database, blobs: diary.blobs,
                                      policy: BlobCollectionPolicy(backupsCarryMedia: writer.includesMedia, retentionPeriod: 8 * 86_400),
                                      retainedBackups: BlobCollector.backups(in: writer.backupsDirectory))
        _ = try await collector.collect(now: diary.start)
        _ = try await collector.collect(now: diary.start.addingTimeInterval(3_601))
        #expect(try await !diary.has(photo.main))

        // When the older backup is restored
        _ = try BackupRestorer.restore(backup.folder, to: restored)

        // Then its photo row has its blobs
        let store = try FolderBlobStore(dataDirectory: restored)
        let database = try AppDatabase.open(at: restored.appendingPathComponent("sogreto.sqlite"))
        let rows = try await database.mediaReferences().photos
        #expect(rows.map(\.sha256) == [photo.main.hex])
        for key in [photo.main, photo.thumb] {
            #expect(BlobKey.of(try await store.data(of: BlobName(key: key, format: .jpeg))) == key)
        }
    }

    @Test func restoringAnOlderBackupStillHasItsMediaWhenTheBlobsLiveOnlyInTheStore() async throws {
        // Given a store outside the data directory (as a bucket is): backups copy the database only
        let shared = InMemoryBlobStore()
        let diary = try PhotoDiaryFixture.make("restore-shared", blobs: { _ in shared })
        let restored = temporaryDirectory("restored-shared")
        defer { for url in [diary.directory, restored] { try? FileManager.default.removeItem(at: url) } }
        let photo = try await diary.addPhoto(user: 1, "shared")
        let writer = BackupWriter(database: diary.database, dataDirectory: diary.directory, blobs: shared)
        #expect(!writer.includesMedia)
        let backup = try writer.make(now: diary.start.addingTimeInterval(-60))
        #expect(backup.manifest.files.allSatisfy { !$0.path.hasPrefix("media/") })
        // When the photo is deleted and the collector runs past the window, with the backup retained
        try await diary.deletePhoto(photo.id, user: 1)
        let collector = BlobCollector(database: diary.database, blobs: shared,
                                      policy: BlobCollectionPolicy(backupsCarryMedia: writer.includesMedia, retentionPeriod: 8 * 86_400),
                                      retainedBackups: BlobCollector.backups(in: writer.backupsDirectory))
        // (the in-memory store's blobs are new: the collector is run at times past their window)
        let now = Date().addingTimeInterval(7_200)
        _ = try await collector.collect(now: now)
        let waiting = try await collector.collect(now: now.addingTimeInterval(3_601))
        // Then the blob stays for the backup, and restoring the backup finds every blob it names
        #expect(waiting.deleted == 0 && waiting.kept == 2)
        _ = try BackupRestorer.restore(backup.folder, to: restored)
        let database = try AppDatabase.open(at: restored.appendingPathComponent("sogreto.sqlite"))
        for row in try await database.mediaReferences().photos {
            for hex in [row.sha256, row.thumbSHA256] {
                #expect(try await shared.head(try #require(BlobName(hex: hex, format: .jpeg))) != nil)
            }
        }
        // And once that backup is pruned, the next pass collects it
        try FileManager.default.removeItem(at: backup.folder)
        let after = try await collector.collect(now: now.addingTimeInterval(3_700))
        #expect(after.deleted == 2)
        #expect(try await !diary.has(photo.main))
    }
}

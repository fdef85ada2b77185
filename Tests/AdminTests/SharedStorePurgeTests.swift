import Foundation
import GRDB
import Media
import Testing
@testable import Admin
@testable import Bot
import TestSupport

/// With media outside the data directory (a bucket), backups hold the database only: a purge or
/// cleanup must leave the blobs it releases to the blob collector, which waits for the backups.
@Suite struct SharedStorePurgeTests {
    @Test func aPurgeLeavesReleasedBlobsToTheCollectorWhenBackupsDoNotHoldThem() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-shared-purge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Given a user with a photo whose blobs live in a store outside the data directory
        let database = try AppDatabase.open(at: directory.appendingPathComponent("sogreto.sqlite"))
        let store = InMemoryBlobStore()
        let main = try await store.put(AdminWorld.bytes(3_000), format: .jpeg)
        let thumb = try await store.put(AdminWorld.bytes(500), format: .jpeg)
        let now = AdminWorld.start
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO users(id, first_name, locale, status, created_at, updated_at, last_activity_at)
                VALUES (1, 'T', 'ru', 'active', ?, ?, ?)
                """, arguments: [now, now, now])
            try db.execute(sql: """
                INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format, green_coverage, created_at)
                VALUES (1, 1, ?, ?, 3500, 1600, 1200, 'jpeg', 0.4, ?)
                """, arguments: [main.key.hex, thumb.key.hex, now])
        }
        let strings = try BotStrings.load(from: repositoryRoot.appendingPathComponent("assets/locales"))
        let actions = AdminActions(database: database, blobs: store, budget: nil, strings: strings, clock: ManualClock(now))
        #expect(!actions.deletesReleasedBlobs)
        // When an admin purges the user's media
        let result = try await actions.purgeMedia(userID: 1, actor: "test")
        // Then the rows are gone and the blobs stay for the collector
        #expect(result.photos == 1 && Set(result.releasedBlobs) == [main.key.hex, thumb.key.hex])
        #expect(try await database.mediaReferences().photos.isEmpty)
        #expect(try await store.head(main.name) != nil)
        #expect(try await store.head(thumb.name) != nil)
        // And with the media folder (backups hold its links) the same purge deletes at once
        let folder = try FolderBlobStore(dataDirectory: directory)
        #expect(AdminActions(database: database, blobs: folder, budget: nil, strings: strings, clock: ManualClock(now))
            .deletesReleasedBlobs)
    }
}

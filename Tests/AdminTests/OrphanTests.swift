import Foundation
import GRDB
import Media
import Testing
@testable import Admin
@testable import Bot
import TestSupport

@Suite struct OrphanTests {
    @Test func orphansAreFoundAfterFilesAndRowsVanishBehindTheStoresBackAndCleanedUp() async throws {
        try await withAdminWorld { world in
            // Given a healthy diary: two photos and a collage of them
            try await world.addUser(1)
            let first = try await world.addPhoto(user: 1, day: 1)
            let second = try await world.addPhoto(user: 1, day: 2)
            let collage = try await world.addRender(user: 1, sources: [first.main, second.main])
            let healthy = try await world.request("GET", "/admin/storage/orphans")
            #expect(healthy.status == 200)
            #expect(try healthy.json()["blobs_without_row"] as? [Any] != nil)
            #expect(try await world.actions.orphans().isEmpty)

            // When a file is removed by hand, a stray file appears, and a photo row is deleted directly
            try FileManager.default.removeItem(at: try #require(world.blobs.localFile(BlobName(key: second.thumb, format: .jpeg))))
            let stray = try await world.put(AdminWorld.bytes(5_000))
            let third = try await world.addPhoto(user: 1, day: 3)
            let timeline = try await world.addRender(user: 1, kind: "timeline", sources: [third.main])
            try await world.database.writer.write { db in
                try db.execute(sql: "DELETE FROM photos WHERE id = ?", arguments: [third.id])
            }

            // Then the API reports each kind of orphan (the files are judged by their real age)
            world.clock.advance(to: Date().addingTimeInterval(1))
            let json = try await world.request("GET", "/admin/storage/orphans").json()
            let blobs = try #require(json["blobs_without_row"] as? [[String: Any]])
            #expect(Set(blobs.compactMap { $0["sha256"] as? String }) == [stray.hex, third.main.hex, third.thumb.hex])
            let rows = try #require(json["rows_without_blob"] as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["table"] as? String == "photos")
            #expect((rows.first?["id"] as? NSNumber)?.int64Value == second.id)
            #expect(rows.first?["sha256"] as? String == second.thumb.hex)
            let renders = try #require(json["renders_without_source"] as? [[String: Any]])
            #expect(renders.map { ($0["id"] as? NSNumber)?.int64Value } == [timeline.id])
            #expect(try await world.auditActions().isEmpty, "looking changes nothing")

            // When the admin cleans up
            let cleanup = try await world.request("POST", "/admin/storage/orphans/cleanup")

            // Then broken rows and files no row needs are gone, the rest is untouched
            #expect(cleanup.status == 200)
            let result = try cleanup.json()
            #expect(result["deleted_photo_rows"] as? Int == 1)
            #expect(result["deleted_render_rows"] as? Int == 1)
            // stray + third's two blobs + second's surviving main + the timeline's blob
            #expect(result["deleted_blobs"] as? Int == 5)
            for gone in [stray, third.main, third.thumb, second.main, timeline.key] {
                #expect(await !world.contains(gone))
            }
            for kept in [first.main, first.thumb, collage.key] {
                #expect(await world.contains(kept))
            }
            #expect(try await world.count("SELECT COUNT(*) FROM photos") == 1)
            #expect(try await world.count("SELECT COUNT(*) FROM renders") == 1)
            // The collage lost its second source photo, so it is now an orphan in its turn.
            let after = try await world.actions.orphans()
            #expect(after.rendersWithoutSource.map(\.id) == [collage.id])
            #expect(after.blobsWithoutRow.isEmpty && after.rowsWithoutBlob.isEmpty)
            #expect(try await world.auditActions() == ["orphans.cleanup"])
        }
    }

    @Test func freshBlobsAreNotOrphansYet() async throws {
        try await withAdminWorld { world in
            var actions = world.actions
            actions.orphanMinimumAge = 600
            // A blob written a moment ago: an upload whose row is on its way.
            _ = try await world.put(AdminWorld.bytes(1_000))
            world.clock.advance(to: Date())
            #expect(try await actions.orphans().blobsWithoutRow.isEmpty)
            world.clock.advance(to: Date().addingTimeInterval(601))
            #expect(try await actions.orphans().blobsWithoutRow.count == 1)
        }
    }
}

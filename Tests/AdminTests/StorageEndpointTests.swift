import BlobStore
import Foundation
import GRDB
import Testing
@testable import Admin
@testable import Bot
import TestSupport

@Suite struct StorageEndpointTests {
    @Test func storageShowsTotalsFormatsBudgetAndTopUsers() async throws {
        try await withAdminWorld(budgetMB: 1) { world in
            // Given two users with photos in two formats and one collage
            try await world.addUser(1)
            try await world.addUser(2, locale: "en")
            let a = try await world.addPhoto(user: 1, day: 1, format: "jpeg", size: 40_000)
            let b = try await world.addPhoto(user: 1, day: 2, format: "heif", size: 80_000)
            let c = try await world.addPhoto(user: 2, day: 1, format: "jpeg", size: 8_000)
            let render = try await world.addRender(user: 1, sources: [a.main, b.main], size: 100_000)
            _ = render

            // When the admin asks for the storage figures
            let reply = try await world.request("GET", "/admin/storage")

            // Then they add up
            #expect(reply.status == 200)
            let json = try reply.json()
            let total = a.bytes + b.bytes + c.bytes + 100_000
            #expect(json["users_with_media"] as? Int == 2)
            #expect(json["photos"] as? Int == 3)
            #expect(json["renders"] as? Int == 1)
            #expect((json["bytes"] as? NSNumber)?.int64Value == total)
            #expect((json["bytes_on_disk"] as? NSNumber)?.int64Value == total, "every blob file measured")
            #expect(json["blob_files"] as? Int == 7)
            let formats = try #require(json["by_format"] as? [[String: Any]])
            #expect(formats.map { $0["name"] as? String } == ["heif", "jpeg"], "heaviest first")
            #expect((formats[1]["bytes"] as? NSNumber)?.int64Value == a.bytes + c.bytes)
            let budget = try #require(json["budget"] as? [String: Any])
            #expect((budget["budget_bytes"] as? NSNumber)?.int64Value == 1_048_576)
            #expect((budget["used_bytes"] as? NSNumber)?.int64Value == total)
            #expect(budget["level"] as? String == "normal")
            let top = try #require(json["top_users"] as? [[String: Any]])
            #expect(top.map { ($0["user_id"] as? NSNumber)?.int64Value } == [1, 2])
            #expect(top.first?["renders"] as? Int == 1)
        }
    }

    @Test func oneUsersMediaAndMistakesInTheAddress() async throws {
        try await withAdminWorld { world in
            try await world.addUser(7, kit: "mg-7")
            let photo = try await world.addPhoto(user: 7, day: 3, format: "png")
            let reply = try await world.request("GET", "/admin/users/7/media")
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["kit_code"] as? String == "mg-7")
            let photos = try #require(json["photos"] as? [[String: Any]])
            #expect(photos.count == 1)
            #expect((photos[0]["bytes"] as? NSNumber)?.int64Value == photo.bytes)
            #expect(photos[0]["format"] as? String == "png")
            let quota = try #require(json["quota"] as? [String: Any])
            #expect(quota["max_photos"] as? Int == 10)
            #expect(quota["max_bytes"] == nil || quota["max_bytes"] is NSNull)

            let missing = try await world.request("GET", "/admin/users/999/media")
            #expect(missing.status == 404)
            #expect(try missing.json()["error"] as? String == "There is no user 999.")
            let bad = try await world.request("GET", "/admin/users/abc/media")
            #expect(bad.status == 400)
            #expect((try bad.json()["error"] as? String)?.contains("whole number") == true)
        }
    }

    @Test func aQuotaChangeIsAuditedAndHoldsOnTheNextUpload() async throws {
        try await withAdminWorld { world in
            // Given a user with two photos, who may upload more under the default cap of 10
            try await world.addUser(3)
            _ = try await world.addPhoto(user: 3, day: 1)
            _ = try await world.addPhoto(user: 3, day: 2)
            #expect(try await world.database.uploadAllowance(userID: 3, incomingBytes: 1_000, budget: nil) == .allowed)

            // When the admin caps them at two photos
            let reply = try await world.request("PUT", "/admin/users/3/quota", json: #"{"max_photos": 2}"#)

            // Then the cap is stored, audited, and the next upload is refused
            #expect(reply.status == 200)
            #expect(try reply.json()["max_photos"] as? Int == 2)
            #expect(try await world.database.uploadAllowance(userID: 3, incomingBytes: 1_000, budget: nil) == .refused(.photoLimit))
            let audit = try #require(try await world.database.auditLog().first)
            #expect(audit.actor == "http")
            #expect(audit.action == "quota.set")
            #expect(audit.target == "user:3")
            #expect(audit.detail == #"{"max_bytes":null,"max_photos":2}"#)
            #expect(audit.at == world.clock.now())

            // When a byte cap below what the user stores is set and the photo cap restored
            let bytes = try await world.request("PUT", "/admin/users/3/quota", json: #"{"max_photos": null, "max_bytes": 1000}"#)
            #expect(bytes.status == 200)
            #expect(try await world.database.uploadAllowance(userID: 3, incomingBytes: 1, budget: nil) == .refused(.byteLimit))
            #expect(try await world.database.userMedia(3)?.quota == MediaQuota(maxPhotos: nil, maxBytes: 1000))
            #expect(try await world.auditActions() == ["quota.set", "quota.set"])
        }
    }

    @Test(arguments: [
        (#"{"max_photos": -1}"#, "max_photos must be"),
        (#"{"max_photos": 1.5}"#, "max_photos must be a whole number or null."),
        (#"{"max_photos": true}"#, "max_photos must be a whole number or null."),
        (#"{"max_bytes": "big"}"#, "max_bytes must be a whole number or null."),
        (#"{"photos": 3}"#, "Unknown field \"photos\""),
        (#"{}"#, "Nothing to change"),
        (#"[1]"#, "The body must be a JSON object"),
        ("not json", "The body must be a JSON object"),
    ])
    func badQuotaBodiesAreRefusedWithASentence(body: String, sentence: String) async throws {
        try await withAdminWorld { world in
            try await world.addUser(3)
            let reply = try await world.request("PUT", "/admin/users/3/quota", json: body)
            #expect(reply.status == 400)
            #expect((try reply.json()["error"] as? String)?.contains(sentence) == true, "\(reply.text)")
            #expect(try await world.auditActions().isEmpty)
        }
    }

    @Test func aPurgeRemovesRowsAndFilesAndTellsTheUserKindlyInTheirLanguage() async throws {
        try await withAdminWorld { world in
            // Given an English-speaking user with photos and a collage, and another user sharing one blob
            try await world.addUser(4, locale: "en")
            try await world.addUser(5)
            let first = try await world.addPhoto(user: 4, day: 1)
            let second = try await world.addPhoto(user: 4, day: 2)
            let collage = try await world.addRender(user: 4, sources: [first.main, second.main])
            let kept = try await world.addPhoto(user: 5, day: 1)
            try await world.database.writer.write { db in
                // The same picture sent by both: one blob, two rows.
                try db.execute(sql: """
                    INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format, green_coverage, created_at)
                    VALUES (4, 3, ?, ?, 10, 10, 10, 'jpeg', 0, ?)
                    """, arguments: [kept.main.hex, kept.thumb.hex, AdminWorld.start])
            }

            let measuredBefore = try await world.actions.storage().bytesOnDisk

            // When the admin purges user 4's media
            let reply = try await world.request("DELETE", "/admin/users/4/media")

            // Then the rows and the files only they used are gone, the shared blob stays
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["photos"] as? Int == 3)
            #expect(json["renders"] as? Int == 1)
            for key in [first.main, first.thumb, second.main, second.thumb, collage.key] {
                #expect(await !world.contains(key))
            }
            #expect(await world.contains(kept.main))
            #expect(await world.contains(kept.thumb))
            #expect(try await world.count("SELECT COUNT(*) FROM photos WHERE user_id = 4") == 0)
            #expect(try await world.count("SELECT COUNT(*) FROM renders") == 0)
            #expect(try await world.count("SELECT COUNT(*) FROM photos WHERE user_id = 5") == 1)
            // The cached disk measurement is taken afresh after a purge.
            let measuredAfter = try await world.actions.storage().bytesOnDisk
            #expect(measuredAfter == kept.bytes)
            #expect(measuredBefore == kept.bytes + first.bytes + second.bytes + 8_000)

            // And the user is told, in English, through the outbox
            let actions = try await world.database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT action FROM outbox WHERE chat_id = 4")
            }
            #expect(actions.count == 1)
            #expect(actions.first?.contains("We made room on our server") == true)
            #expect(try await world.auditActions() == ["media.purge"])
            let audit = try #require(try await world.database.auditLog().first)
            #expect(audit.target == "user:4")
            #expect(audit.detail?.contains("\"photos\":3") == true)

            // And a second purge finds nothing and tells the user nothing more
            _ = try await world.request("DELETE", "/admin/users/4/media")
            #expect(try await world.count("SELECT COUNT(*) FROM outbox WHERE chat_id = 4") == 1)
            #expect(try await world.request("DELETE", "/admin/users/404/media").status == 404)
        }
    }
}

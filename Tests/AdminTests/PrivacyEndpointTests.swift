import Foundation
import Testing
@testable import Admin
@testable import Bot

/// Requests by other channels through the admin API: export and erasure, audited with who and
/// why, and the erasure report.
@Suite struct PrivacyEndpointTests {
    @Test func operatorsExportAndEraseForAUserAuditedWithWhoAndWhy() async throws {
        try await withAdminWorld { world in
            // Given user 4 with a photo and user 5
            try await world.addUser(4)
            let photo = try await world.addPhoto(user: 4, day: 1)
            try await world.addUser(5)

            // When an operator queues 5's export and erases 4, each with who and why
            let export = try await world.request("POST", "/admin/users/5/export?by=anna&reason=e-mail")
            let erased = try await world.request("DELETE", "/admin/users/4?by=anna&reason=letter%20of%20December%206")

            // Then the export waits for the bot and 4 is gone with the blobs only they used
            #expect(export.status == 200)
            #expect(try await world.count("SELECT COUNT(*) FROM media_tasks WHERE user_id = 5 AND kind = 'export'") == 1)
            #expect(erased.status == 200)
            #expect(try erased.json()["photos"] as? Int == 1)
            #expect(try await world.count("SELECT COUNT(*) FROM users WHERE id = 4") == 0)
            #expect(try await world.count("SELECT COUNT(*) FROM photos WHERE user_id = 4") == 0)
            let mainKept = await world.contains(photo.main), thumbKept = await world.contains(photo.thumb)
            #expect(!mainKept && !thumbKept)
            // and who asked and why are kept
            #expect(try await world.count("""
                SELECT COUNT(*) FROM erasures WHERE actor = 'http:anna' AND reason = 'letter of December 6'
                """) == 1)
            #expect(try await world.auditActions().suffix(2) == ["user.export", "user.forget"])
            #expect(try await world.count("""
                SELECT COUNT(*) FROM audit_log WHERE action = 'user.export' AND actor = 'http:anna' AND reason = 'e-mail'
                """) == 1)
            #expect(try await world.count("""
                SELECT COUNT(*) FROM audit_log
                WHERE action = 'user.forget' AND actor = 'http:anna' AND reason = 'letter of December 6'
                """) == 1)
            // and the report shows the erasure and the waiting export
            let report = try await world.request("GET", "/admin/privacy").json()
            #expect(report["erasures_in_all"] as? Int == 1)
            #expect(report["pending_exports"] as? Int == 1)
            #expect((report["erasures_this_month"] as? [[String: Any]])?.first?["reason"] as? String == "letter of December 6")
            // An unknown user is a 404, not an erasure
            #expect(try await world.request("DELETE", "/admin/users/404").status == 404)
            #expect(try await world.request("POST", "/admin/users/404/export").status == 404)
        }
    }
}

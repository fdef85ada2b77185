import Foundation
import GRDB
import Testing
@testable import Bot

/// Photo rows stored when the start day counted as 1 follow the one numbering after migrating.
@Suite struct ProgramDaysMigrationTests {
    @Test func photoDaysStoredOneBasedBecomeTheDaysStatusShows() throws {
        // Given a database at the schema before, with photos of (old) days 1 and 5
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v4-photos")
        try queue.write { db in
            try UserRecord(id: 42, firstName: "Анна", languageCode: "ru", locale: "ru", now: Date()).insert(db)
            for (index, day) in [1, 5].enumerated() {
                try db.execute(sql: """
                    INSERT INTO photos(user_id, program_id, day, sha256, thumb_sha256, bytes, width, height,
                                       source_format, green_coverage, created_at)
                    VALUES (42, 'microgreens', ?, ?, ?, 1, 1, 1, 'jpeg', 0.1, ?)
                    """, arguments: [day, "a\(index)", "b\(index)", Date()])
            }
        }
        // When the bot opens it
        let database = try AppDatabase(queue)
        // Then the planting day is day 0 and day 5 is day 4, as /status counts them
        let days = try database.writer.read { db in try Int.fetchAll(db, sql: "SELECT day FROM photos ORDER BY day") }
        #expect(days == [0, 4])
    }
}

import Foundation
import GRDB
import Testing
@testable import Bot

/// Intake's fast user save writes exactly what GRDB's generic `save` writes.
@Suite struct UserRecordSaveTests {
    static func fullUser(id: Int64) -> UserRecord {
        let now = Date(timeIntervalSince1970: 1_764_000_000.125)
        var user = UserRecord(id: id, firstName: "Анна", languageCode: "en", locale: "en", now: now)
        user.kitCode = "KIT-42"
        user.status = .paused
        user.progress = #"{"stage":"sprouts"}"#
        user.conversation = "awaiting-time"
        user.timezone = "Asia/Kamchatka"
        user.blockedAt = now.addingTimeInterval(60)
        user.updatedAt = now.addingTimeInterval(120)
        user.lastActivityAt = now.addingTimeInterval(180)
        user.reminderMinute = 450
        user.quietHoursOptOut = true
        user.maxPhotos = 7
        user.maxMediaBytes = 1_000_000
        user.narration = "audio"
        return user
    }

    @Test func itWritesEveryColumnTheRecordHas() throws {
        let encoded = Set(try Self.fullUser(id: 1).databaseDictionary.keys)
        #expect(Set(UserRecord.savedColumns + ["id"]) == encoded)
    }

    @Test func itInsertsThenUpdatesAndStoresWhatGRDBWould() async throws {
        let database = try AppDatabase.inMemory()
        try await database.writer.write { db in
            // Given the same user saved once by GRDB and once by the fast path (a new row: insert)
            try Self.fullUser(id: 1).save(db)
            try Self.fullUser(id: 2).save(in: db)
            // When both change and are saved again (an existing row: update)
            var generic = Self.fullUser(id: 1)
            var fast = Self.fullUser(id: 2)
            for index in [0, 1] {
                var user = index == 0 ? generic : fast
                user.status = .active
                user.blockedAt = nil
                user.kitCode = nil
                user.reminderMinute = 600
                if index == 0 { generic = user; try user.save(db) } else { fast = user; try user.save(in: db) }
            }
            // Then the rows are identical but for the id, and read back as saved
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY id")
            #expect(rows.count == 2)
            let columns = UserRecord.savedColumns
            for column in columns {
                #expect(rows[0][column] as DatabaseValue == rows[1][column] as DatabaseValue, "column \(column)")
            }
            #expect(try UserRecord.find(2, in: db) == fast)
        }
    }
}

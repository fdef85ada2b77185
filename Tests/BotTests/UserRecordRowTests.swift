import Foundation
import GRDB
import Testing
@testable import Bot

/// The user row read by hand (`UserRecord.init(row:)`) gives back exactly what was saved.
@Suite struct UserRecordRowTests {
    @Test func everyColumnIsReadBack() async throws {
        let database = try AppDatabase.inMemory()
        let full = UserRecordSaveTests.fullUser(id: 1)
        var made = UserRecord(id: 2, firstName: "Вера", languageCode: nil, locale: "ru",
                              now: Date(timeIntervalSince1970: 1_764_000_000.5))
        made.status = .active
        let sparse = made
        try await database.writer.write { db in
            try full.save(in: db)
            try sparse.save(in: db)
        }
        // Through the scheduler's and intake's reads alike
        #expect(try await database.user(1) == full)
        #expect(try await database.user(2) == sparse)
        let found = try await database.writer.read { db in
            (try UserRecord.find(1, in: db), try UserRecord.find(2, in: db))
        }
        #expect(found.0 == full)
        #expect(found.1 == sparse)
    }

    @Test func aNewPropertyCannotBeLeftUnread() {
        // init(row:) reads the id and each column `save(in:)` writes; a property added to the
        // record without a column there (and here) changes this count.
        let properties = Mirror(reflecting: UserRecordSaveTests.fullUser(id: 1)).children.count
        #expect(properties == UserRecord.savedColumns.count + 1)
    }

    @Test func anUnknownStatusIsAnErrorNotACrash() async throws {
        let database = try AppDatabase.inMemory()
        try await database.writer.write { db in
            try UserRecordSaveTests.fullUser(id: 1).save(in: db)
            try db.execute(sql: "UPDATE users SET status = 'hibernating' WHERE id = 1")
        }
        await #expect(throws: DatabaseError.self) { try await database.user(1) }
    }
}

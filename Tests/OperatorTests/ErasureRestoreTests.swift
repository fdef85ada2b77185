import Foundation
import GRDB
import Testing
@testable import Bot
@testable import Maintenance

/// A restore re-applies every erasure recorded after the backup: the tombstones travel from the
/// replaced database into the restored one, and whoever they name who was in the backup is erased again.
@Suite struct ErasureRestoreTests {
    @Test func aBackupTakenBeforeAForgetRestoresWithoutTheForgottenUser() async throws {
        let live = temporaryDirectory("erasure-live")
        defer { try? FileManager.default.removeItem(at: live) }
        let file = live.appendingPathComponent(BackupManifest.databaseFileName)
        let secret = "my-wish-\(UUID().uuidString)"
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        // Given users 7 (with a wish) and 8, and a backup of them
        let backup: URL
        do {
            let database = try AppDatabase.open(at: file)
            var vera = UserRecord(id: 7, firstName: "Вера", languageCode: "ru", locale: "ru", now: now)
            vera.progress = "{\"wish\":\"\(secret)\"}"
            try await database.importUsers([vera, UserRecord(id: 8, firstName: "Ян", languageCode: "ru", locale: "ru", now: now)],
                                           jobs: [], now: now)
            backup = try BackupWriter(database: database, dataDirectory: live).make(now: now.addingTimeInterval(60)).folder
            // When 7 is forgotten afterwards
            _ = try await database.forgetUser(7, request: ErasureRequest(actor: "user") { _ in [] }, now: now.addingTimeInterval(120))
        }
        // and the backup is restored over the data directory
        let result = try BackupRestorer.restore(backup, to: live, force: true)

        // Then 7 is erased again, 8 is back, the tombstone stays, and the wish is in no byte of the file
        #expect(result.erasedAgain == 1)
        let restored = try AppDatabase.open(at: file)
        #expect(try await restored.user(7) == nil)
        #expect(try await restored.user(8) != nil)
        #expect(try await restored.tombstones().map(\.userHash) == [Tombstone.hash(of: 7)])
        for name in [BackupManifest.databaseFileName, BackupManifest.databaseFileName + "-wal"] {
            let bytes = (try? Data(contentsOf: live.appendingPathComponent(name))) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name) still holds the wish")
        }
    }
}

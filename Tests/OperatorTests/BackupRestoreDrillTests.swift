import Foundation
import GRDB
import Media
import Testing
import TelegramEmulator
@testable import Bot
@testable import Maintenance
import TestSupport

/// The restore drill: a backup taken while the bot works is complete and consistent, a damaged
/// copy is refused, and the bot starts on a restored copy knowing its users.
@Suite(.serialized) struct BackupRestoreDrillTests {
    @Test func aBackupTakenUnderLoadRestoresIntoABotThatKnowsItsUsers() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let live = temporaryDirectory("live")
        let restored = temporaryDirectory("restored")
        defer { for url in [live, restored] { try? FileManager.default.removeItem(at: url) } }
        // Given a running bot with users, outbox rows, photo rows and their blobs
        let bot = try await OperatorBot.start(emulator: emulator, dataDirectory: live)
        var users: [SimulatedUser] = []
        for index in 0..<8 { users.append(await emulator.newUser(firstName: "B\(index)")) }
        for user in users { await emulator.sendText("/start", from: user) }
        for user in users { _ = try await emulator.waitForMessages(in: user.chatID, count: 1, timeout: .seconds(30)) }
        let blobs = bot.runtime.blobs
        for (index, user) in users.enumerated() {
            let main = try await blobs.put(Data("photo of user \(index) ".utf8 + Data(repeating: UInt8(index), count: 50_000)), format: .jpeg).key
            let thumb = try await blobs.put(Data("thumbnail \(index)".utf8), format: .jpeg).key
            try await bot.runtime.sqliteWriter.write { db in
                try db.execute(sql: """
                    INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format, green_coverage, created_at)
                    VALUES (?, 1, ?, ?, 50000, 1280, 960, 'jpeg', 0.4, ?)
                    """, arguments: [user.id, main.hex, thumb.hex, Date()])
            }
        }
        // When a backup is taken while users keep writing
        let everyone = users
        let load = Task {
            for round in 0..<3 { for user in everyone { _ = await emulator.sendText(round == 0 ? "/help" : "/status", from: user) } }
        }
        let writer = BackupWriter(database: try #require(bot.runtime.sqlite), dataDirectory: live)
        let backup = try await writer.makeInBackground(now: Date())
        await load.value
        try await bot.settle()
        await bot.stop()

        // Then it holds the database and every blob, hard-linked, each with its checksum
        #expect(backup.manifest.files.count == 1 + 2 * users.count)
        #expect(backup.linkedFiles == 2 * users.count)
        #expect(BackupName.date(of: backup.folder.lastPathComponent) != nil)
        #expect(try BackupVerifier.verify(backup.folder).migrations.last == AppDatabase.inMemory().appliedMigrations().last)

        // And a copy with one flipped byte in one blob is refused with one sentence, nothing written
        let damaged = temporaryDirectory("damaged")
        defer { try? FileManager.default.removeItem(at: damaged) }
        try FileManager.default.copyItem(at: backup.folder, to: damaged)
        let victim = try #require(backup.manifest.files.first { $0.path.hasPrefix("media/") })
        try flipByte(in: damaged.appendingPathComponent(victim.path), at: 100)
        let refusal = #expect(throws: BackupError.self) {
            try BackupRestorer.restore(damaged, to: restored)
        }
        #expect(refusal?.code == .damagedBackup)
        #expect(refusal?.description.contains("\(victim.path) does not match its checksum") == true)
        #expect(!FileManager.default.fileExists(atPath: restored.path))

        // When the good backup is restored and the bot starts on it
        let result = try BackupRestorer.restore(backup.folder, to: restored)
        #expect(result.files == backup.manifest.files.count)
        let again = try await OperatorBot.start(emulator: emulator, dataDirectory: restored)
        let before = await emulator.messages(in: users[0].chatID).count
        await emulator.sendText("/status", from: users[0])
        // (Replies the backup held unsent may arrive first: the status is awaited by what it says.)
        let status = try await eventualValue(within: .seconds(30)) {
            await emulator.messages(in: users[0].chatID).dropFirst(before).compactMap(\.text).first { $0.contains(" из 20") }
        }
        // Then it knows its users, their photos and their blobs
        #expect(status?.contains("День 0 из 20") == true, "\(status ?? "no status within 30 s")")
        let counts = try await again.runtime.sqliteWriter.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0,
             try String.fetchAll(db, sql: "SELECT sha256 FROM photos"))
        }
        #expect(counts.0 == users.count)
        for hex in counts.1 {
            let name = try #require(BlobName(hex: hex, format: .jpeg))
            #expect(BlobKey.of(try await again.runtime.blobs.data(of: name)).hex == hex)
        }
        await again.stop()
        await emulator.shutdown()
    }

    @Test func aDatabaseThatFailsTheIntegrityCheckIsRefusedEvenWithMatchingChecksums() async throws {
        let data = temporaryDirectory("integrity")
        defer { try? FileManager.default.removeItem(at: data) }
        // Given a backup of a database with some rows
        let database = try AppDatabase.open(at: data.appendingPathComponent("sogreto.sqlite"))
        try await database.writer.write { db in
            for id in 1...300 {
                try db.execute(sql: """
                    INSERT INTO users(id, first_name, locale, status, created_at, updated_at, last_activity_at)
                    VALUES (?, ?, 'ru', 'new', ?, ?, ?)
                    """, arguments: [id, String(repeating: "имя", count: 20), Date(), Date(), Date()])
            }
        }
        let backup = try BackupWriter(database: database, dataDirectory: data).make(now: Date())
        // When its database is damaged and the manifest is made to agree (a careless "fix")
        let copy = backup.folder.appendingPathComponent("sogreto.sqlite")
        let pageSize = 4096
        try flipBytes(in: copy, range: (2 * pageSize + 8)..<(2 * pageSize + 64))
        var manifest = backup.manifest
        manifest.files = try manifest.files.map { entry in
            var entry = entry
            if entry.path == "sogreto.sqlite" { entry.sha256 = try FileDigest.sha256(of: copy) }
            return entry
        }
        try BackupManifest.encoder().encode(manifest).write(to: backup.folder.appendingPathComponent("manifest.json"))
        // Then the restore is refused because of the integrity check
        let refusal = #expect(throws: BackupError.self) {
            try BackupRestorer.restore(backup.folder, to: data.appendingPathComponent("target"))
        }
        #expect(refusal?.description.contains("integrity") == true || refusal?.description.contains("cannot be opened") == true)
    }

    @Test func aNonEmptyTargetIsKeptUnlessForced() throws {
        let data = temporaryDirectory("force")
        defer { try? FileManager.default.removeItem(at: data) }
        let database = try AppDatabase.open(at: data.appendingPathComponent("live/sogreto.sqlite"))
        let backup = try BackupWriter(database: database, dataDirectory: data.appendingPathComponent("live")).make(now: Date())
        let target = data.appendingPathComponent("target")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("media"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: target.appendingPathComponent("sogreto.sqlite"))
        try Data("old".utf8).write(to: target.appendingPathComponent("sogreto.sqlite-wal"))
        try Data("keep".utf8).write(to: target.appendingPathComponent("notes.txt"))
        // Without --force nothing changes
        #expect(throws: BackupError.self) { try BackupRestorer.restore(backup.folder, to: target) }
        #expect(try Data(contentsOf: target.appendingPathComponent("sogreto.sqlite")) == Data("old".utf8))
        // With --force the database is replaced, its stale WAL removed, other files kept
        let forced = try BackupRestorer.restore(backup.folder, to: target, force: true)
        #expect(forced.erasuresUnreadable, "the replaced \"database\" held no erasures to carry over")
        #expect(try Data(contentsOf: target.appendingPathComponent("sogreto.sqlite")) != Data("old".utf8))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("sogreto.sqlite-wal").path))
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("notes.txt").path))
        #expect(try AppDatabase.open(at: target.appendingPathComponent("sogreto.sqlite")).appliedMigrations().last
                == AppDatabase.inMemory().appliedMigrations().last)
    }

    @Test func aStrayFileOrAMissingManifestMakesABackupDamaged() throws {
        let data = temporaryDirectory("stray")
        defer { try? FileManager.default.removeItem(at: data) }
        let database = try AppDatabase.open(at: data.appendingPathComponent("sogreto.sqlite"))
        let backup = try BackupWriter(database: database, dataDirectory: data).make(now: Date())
        try Data("x".utf8).write(to: backup.folder.appendingPathComponent("media-extra.bin"))
        #expect(throws: BackupError.self) { try BackupVerifier.verify(backup.folder) }
        try FileManager.default.removeItem(at: backup.folder.appendingPathComponent("media-extra.bin"))
        try BackupVerifier.verify(backup.folder)
        try FileManager.default.removeItem(at: backup.folder.appendingPathComponent("manifest.json"))
        #expect(throws: BackupError.self) { try BackupVerifier.verify(backup.folder) }
    }
}

func flipByte(in url: URL, at offset: Int) throws {
    try flipBytes(in: url, range: offset..<(offset + 1))
}

func flipBytes(in url: URL, range: Range<Int>) throws {
    var data = try Data(contentsOf: url)
    for index in range where index < data.count { data[index] ^= 0xA5 }
    // A new file, not an in-place write: the backup's blobs are hard links to the live ones.
    try FileManager.default.removeItem(at: url)
    try data.write(to: url)
}

import Foundation
import GRDB
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// /forget through the real bot and the emulator: confirmed by a button and a typed word, it
/// erases every row, blob and byte about the user; no reminder comes after, a late update brings
/// nothing back, and /start begins anew.
@Suite(.serialized) struct ForgetEndToEndTests {
    @Test func forgettingErasesEverythingAboutTheUserAndOnlyStartBeginsAnew() async throws {
        let clock = ShiftedClock()
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let admin = await emulator.newUser(firstName: "Админ")
        let bot = try await BotHarness.start(emulator: emulator, clock: clock, adminIDs: [admin.id])
        do {
            try await forgetJourney(bot, admin: admin, clock: clock)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    private func forgetJourney(_ bot: BotHarness, admin: SimulatedUser, clock: ShiftedClock) async throws {
        // Given Вера with an answer, two photos and a third held while her diary is full, a PDF diary,
        // a /contact message and reminders planned
        let secret = "quiet-mornings-\(UUID().uuidString)"
        let vera = try await veraWithAWishAndTwoPhotos(bot, wish: secret)
        var seen = await bot.emulator.messages(in: vera.chatID).count
        await bot.emulator.sendText("/diary", from: vera)
        seen += 1
        #expect(try await bot.replies(to: vera, count: seen).last?.kind == .document)
        await bot.emulator.sendText("/contact", from: vera)
        await bot.emulator.sendText("a note for the team: \(secret)", from: vera)
        seen += 2
        _ = try await bot.replies(to: vera, count: seen)
        _ = try await bot.replies(to: admin, count: 1)
        try await bot.settle()
        try await sendPhotoToAFullPhotoDiary(vera, day: 9, bot)
        seen = await bot.emulator.messages(in: vera.chatID).count
        #expect(!(try await bot.runtime.database.jobs(userID: vera.id).filter { $0.state == "pending" }.isEmpty))
        let blobs = Array(try await mediaBlobs(of: vera.id, bot))
        #expect(blobs.count >= 7, "two photos, the held one, their thumbnails and the PDF")

        // When she asks to forget, presses the button and types the word
        await bot.emulator.sendText("/forget", from: vera)
        seen += 1
        let question = try #require(try await bot.replies(to: vera, count: seen).last)
        #expect(question.text?.contains("Удалить всё") == true)
        await bot.emulator.pressButton("pv:f", on: question.messageID, from: vera)
        seen += 1
        #expect(try await bot.replies(to: vera, count: seen).last?.text?.contains("УДАЛИТЬ") == true)
        await bot.emulator.sendText("удалить", from: vera)
        seen += 1
        let farewell = try #require(try await bot.replies(to: vera, count: seen).last)

        // Then one last message says what was erased
        #expect(farewell.text?.contains("3 фото") == true, "\(farewell.text ?? "")")
        #expect(farewell.text?.contains("/start") == true)
        // and no blob only she used is left anywhere in the data directory
        #expect(try await eventually { Self.files(in: bot.dataDirectory, named: blobs).isEmpty }, "her blobs are deleted")
        try await bot.settle()
        // and no row names her but the tombstone (a hash, not her id)
        let left = try await bot.runtime.sqliteWriter.read { db in try Self.rowsNaming(vera.id, in: db) }
        #expect(left.isEmpty, "rows still naming her: \(left)")
        #expect(try await bot.runtime.database.tombstones().map(\.userHash) == [Tombstone.hash(of: vera.id)])
        // and her words are in none of the database's bytes
        let files = ["sogreto.sqlite", "sogreto.sqlite-wal"].map { bot.dataDirectory.appendingPathComponent($0) }
        #expect(try await eventually {
            !files.contains { (try? Data(contentsOf: $0))?.range(of: Data(secret.utf8)) != nil }
        }, "her words are gone from the database files")

        // When two days pass, no reminder comes
        clock.advance(by: 2 * 86_400)
        #expect(try await bot.runtime.database.jobs(userID: vera.id).isEmpty)
        try await bot.settle(idle: 1.5)
        #expect(await bot.emulator.messages(in: vera.chatID).count == seen)

        // When a late update of hers arrives (an old button, a word), nothing of her comes back
        let first = try #require(await bot.emulator.messages(in: vera.chatID).first)
        await bot.emulator.pressButton("p:n:sprouts.0", on: first.messageID, from: vera)
        await bot.emulator.sendText("привет", from: vera)
        seen += 1
        #expect(try await bot.replies(to: vera, count: seen).last?.text?.contains("/start") == true)
        try await bot.settle()
        #expect(try await bot.runtime.database.user(vera.id) == nil)
        // Then /start begins a journey from nothing
        await bot.emulator.sendText("/start", from: vera)
        _ = try await bot.replies(to: vera, count: seen + 1)
        try await bot.settle()
        let fresh = try #require(try await bot.runtime.database.user(vera.id))
        #expect(fresh.progress?.contains(secret) != true)
        #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 0)
    }

    @Test func anyOtherAnswerThanTheWordKeepsEverything() async throws {
        try await withBot { bot in
            let (anna, started) = try await bot.startedUser("Anna", language: "en")
            var seen = started
            await bot.emulator.sendText("/forget", from: anna)
            seen += 1
            let question = try #require(try await bot.replies(to: anna, count: seen).last)
            #expect(question.text?.contains("Erase everything") == true)
            await bot.emulator.pressButton("pv:f", on: question.messageID, from: anna)
            seen += 1
            #expect(try await bot.replies(to: anna, count: seen).last?.text?.contains("ERASE") == true)
            await bot.emulator.sendText("hmm, no", from: anna)
            seen += 1
            #expect(try await bot.replies(to: anna, count: seen).last?.text?.contains("nothing erased") == true)
            // Cancel under a second /forget keeps everything too
            await bot.emulator.sendText("/forget", from: anna)
            seen += 1
            let again = try #require(try await bot.replies(to: anna, count: seen).last)
            await bot.emulator.pressButton("pv:x", on: again.messageID, from: anna)
            seen += 1
            _ = try await bot.replies(to: anna, count: seen)
            try await bot.settle()
            #expect(try await bot.runtime.database.user(anna.id)?.progress != nil)
            #expect(!(try await bot.runtime.database.isErased(userID: anna.id)))
        }
    }

    /// Every row whose user, chat or admin column (or the users id, or an audit target) is `id`.
    static func rowsNaming(_ id: Int64, in db: Database) throws -> [String] {
        var found: [String] = []
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
            let columns = try db.columns(in: table).map(\.name)
            for column in columns where ["user_id", "chat_id", "admin_id"].contains(column) || (table == "users" && column == "id") {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(column) = ?", arguments: [id]) ?? 0
                if count > 0 { found.append("\(table).\(column) × \(count)") }
            }
        }
        let audits = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE target = ?", arguments: ["user:\(id)"]) ?? 0
        if audits > 0 { found.append("audit_log.target × \(audits)") }
        return found
    }

    /// Files anywhere under `folder` named after one of the blob keys.
    static func files(in folder: URL, named hexes: [String]) -> [String] {
        let names = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return names.filter { path in hexes.contains { URL(fileURLWithPath: path).lastPathComponent.hasPrefix($0) } }
    }
}

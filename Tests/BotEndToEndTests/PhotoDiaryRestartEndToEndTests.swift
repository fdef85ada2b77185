import Foundation
import GRDB
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// The photo diary survives kill -9 of the real binary in the middle of an ingest.
@Suite(.serialized) struct PhotoDiaryRestartEndToEndTests {
    @Test func killNineDuringIngestRedoesTheTaskWithExactlyOneReplyAndOneRow() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-photo-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var users: [SimulatedUser] = []
        for index in 0..<3 { users.append(await emulator.newUser(firstName: "P\(index)")) }
        var bot = try BotProcess(emulator: emulator, dataDirectory: directory)
        for user in users { await emulator.sendText("/start", from: user) }
        for user in users { _ = try await emulator.waitForMessages(in: user.chatID, count: 1, timeout: .seconds(30)) }
        let database = try AppDatabase.open(at: directory.appendingPathComponent("sogreto.sqlite"))

        // Given each user sends a 4000×3000 photo
        for (index, user) in users.enumerated() {
            try await emulator.sendPhoto(try SproutPhotos.jpeg(day: index + 1, width: 4000), from: user)
        }
        // When the bot is killed while an ingest is running
        let running = try await eventually(within: .seconds(30)) {
            try await database.writer.read { db in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM media_tasks WHERE state = 'running'") ?? false
            }
        }
        await bot.kill9()
        #expect(running, "an ingest was caught running")
        let savedBeforeKill = await savedReplies(emulator, users)
        // And started again
        bot = try BotProcess(emulator: emulator, dataDirectory: directory)

        // Then every user gets exactly one "saved" reply and has exactly one photo
        // (once every task is done and the outbox is empty, no reply can still come)
        #expect(try await eventually(within: .seconds(60)) {
            try await database.writer.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT (SELECT COUNT(*) FROM media_tasks WHERE state <> 'done')
                         + (SELECT COUNT(*) FROM outbox WHERE state = 'pending')
                    """)
            } == 0
        }, "the redone ingests finished and their replies went out")
        let redone = try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM media_tasks WHERE attempts > 1") ?? 0
        }
        print("kill -9 during ingest: \(savedBeforeKill) of \(users.count) replies were out before the kill, \(redone) task(s) redone")
        for user in users {
            // One reply each; a second only if the kill fell between Telegram accepting a reply and
            // the outbox row being marked sent (Telegram has no idempotency key), never from a redo.
            let replies = await savedReplies(emulator, [user])
            #expect((1...2).contains(replies), "\(replies) replies")
            #expect(try await database.photoCount(userID: user.id) == 1)
        }
        let states = try await database.writer.read { db in try String.fetchAll(db, sql: "SELECT state FROM media_tasks") }
        #expect(states == Array(repeating: "done", count: users.count))
        #expect(await bot.terminate() == 0)
        await emulator.shutdown()
    }

    private func savedReplies(_ emulator: TelegramEmulator, _ users: [SimulatedUser]) async -> Int {
        var count = 0
        for user in users {
            count += await emulator.messages(in: user.chatID).filter { $0.text?.contains("сохранено") == true }.count
        }
        return count
    }
}

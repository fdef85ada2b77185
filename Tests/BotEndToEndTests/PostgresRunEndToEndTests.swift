import Foundation
import Logging
import PostgresStore
import PostgresTestSupport
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

/// `sogreto run` on PostgreSQL (SOGRETO_DATABASE_URL): the real executable against the emulator,
/// its store a database on a throwaway cluster. A user starts, goes through a practice and sends
/// a photo; everything the bot keeps is then in PostgreSQL, nothing in a SQLite file.
@Suite(.serialized, .enabled(if: PostgresTestCluster.isAvailable && FileManager.default.isExecutableFile(atPath: sogretoBinary.path),
                             "needs PostgreSQL's server binaries (scripts/install-deps) and the built sogreto executable"))
struct PostgresRunEndToEndTests {
    @Test func aUserStartsPractisesAndSendsAPhotoWithTheBotOnPostgreSQL() async throws {
        let database = try await PostgresTestCluster.shared().newDatabase()
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-pg-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let bot = try BotProcess(emulator: emulator, dataDirectory: directory,
                                 environment: ["SOGRETO_DATABASE_URL": database.url])
        var quiet = Logger(label: "pg-run-test")
        quiet.logLevel = .critical
        // The test reads what the bot wrote through a store of its own on the same database, once
        // the bot has migrated it (the first reply proves it has).
        let vera = await emulator.newUser(firstName: "Вера")
        await emulator.sendText("/start mg-1", from: vera)
        _ = try await emulator.waitForMessages(in: vera.chatID, count: 1, timeout: .seconds(30))
        let store = try await PostgresAppDatabase.open(try DatabaseURL(parsing: database.url), logger: quiet)

        // When Vera goes through her first practice, pressing the buttons and answering in words
        try await practise(vera, emulator: emulator, store: store)
        #expect(try await store.events(userID: vera.id).map(\.kind).contains("stage_completed"))

        // And sends a photo of her sprouts
        let seen = await emulator.messages(in: vera.chatID).count
        try await emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: vera)
        let replies = try await emulator.waitForMessages(in: vera.chatID, count: seen + 1, timeout: .seconds(30))
        #expect(replies.compactMap(\.text).contains { $0.contains("сохранено — 1 из 10") })

        // Then the store in PostgreSQL holds her, her photo and her replies, and no SQLite file was made
        try await settle(emulator: emulator, store: store)
        #expect(try await store.user(vera.id)?.firstName == "Вера")
        #expect(try await store.photoCount(userID: vera.id) == 1)
        let audit = try await store.deliveryAudit()
        #expect(audit.updatesProcessed > 5)
        #expect(audit.pendingOutbox == 0 && audit.failedOutbox == 0 && audit.inconsistentUsers == 0)
        #expect(try await store.outboxRows(chatID: vera.chatID).allSatisfy { $0.state == "sent" })
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("sogreto.sqlite").path))
        #expect(await bot.terminate() == 0)
        await store.close()
        await emulator.shutdown()
    }

    /// Presses the newest message's way forward (or answers a question in words) until the first
    /// stage is completed.
    private func practise(_ user: SimulatedUser, emulator: TelegramEmulator, store: PostgresAppDatabase) async throws {
        var answered: Set<String> = []
        for _ in 0..<40 {
            try await settle(emulator: emulator, store: store)
            if try await store.events(userID: user.id).contains(where: { $0.kind == "stage_completed" }) { return }
            guard let last = await emulator.messages(in: user.chatID).last else { continue }
            let data = last.buttons.flatMap { $0 }.compactMap(\.callbackData)
            func has(_ prefix: String) -> String? { data.first { $0.hasPrefix(prefix) } }
            let step = String((last.text ?? "").prefix(80))
            let awaitsText = has("p:c:") == nil && (has("p:s:") != nil || (has("p:m:") != nil && has("p:n:") != nil))
            if awaitsText, !answered.contains(step) {
                answered.insert(step)
                await emulator.sendText("Тишину по утрам", from: user)
                continue
            }
            if let option = has("p:c:"), !answered.contains("choice " + step) {
                answered.insert("choice " + step)
                await emulator.pressButton(option, on: last.messageID, from: user)
                continue
            }
            let press = has("p:nx") ?? has("p:tx") ?? has("p:h:") ?? has("p:n:") ?? has("p:y") ?? has("p:k") ?? has("s:os")
            guard let press else {
                Issue.record("no way forward from: \(last.text ?? "")")
                return
            }
            await emulator.pressButton(press, on: last.messageID, from: user)
        }
        Issue.record("the first practice did not complete in 40 steps")
    }

    /// Waits until Telegram holds no update and the outbox is empty, three looks in a row.
    private func settle(emulator: TelegramEmulator, store: PostgresAppDatabase) async throws {
        _ = try await quiescence {
            let unsent = try await store.pendingOutboxCount()
            let queued = await emulator.pendingUpdateCount()
            return unsent == 0 && queued == 0
        }
    }
}

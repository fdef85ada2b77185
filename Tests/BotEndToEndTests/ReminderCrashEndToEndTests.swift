import Foundation
import GRDB
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// Kill -9 while reminders are due, as an operator's bad day would have it: the real binary,
/// killed at random moments after start while its scheduler claims and its delivery sends; after
/// the last restart each user has the reminder exactly once.
@Suite(.serialized) struct ReminderCrashEndToEndTests {
    @Test func killNineWhileRemindersAreDueDeliversEachOnce() async throws {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-remind-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var users: [SimulatedUser] = []
        for index in 0..<12 { users.append(await emulator.newUser(firstName: "R\(index)", languageCode: "ru")) }

        // Given users who started the program and have not planted yet (a nudge to finish planting
        // is planned two days on)
        var bot = try BotProcess(emulator: emulator, dataDirectory: directory)
        for user in users { await emulator.sendText("/start", from: user) }
        // (the welcome, then the time-zone question: both out before the bot stops)
        for user in users { _ = try await emulator.waitForMessages(in: user.chatID, count: 2, timeout: .seconds(30)) }
        let database = try DatabaseQueue(path: directory.appendingPathComponent("sogreto.sqlite").path)
        #expect(try await eventually { try await Self.left(in: database, nudges: true, outbox: false) == users.count },
                "every user's nudge is planned")
        #expect(await bot.terminate() == 0)

        // and, while the bot was down, their reminders fell due a minute ago (any hour of the day)
        let due = Date().addingTimeInterval(-60)
        let moved = try await database.write { db -> Int in
            try db.execute(sql: "UPDATE users SET quiet_hours_opt_out = 1")
            try db.execute(sql: """
                UPDATE jobs SET due_at = ? WHERE kind = 'nudge' AND slot = 2 AND state = 'pending'
                """, arguments: [due])
            return db.changesCount
        }
        #expect(moved == users.count)
        let before = await withTaskGroup(of: (Int64, Int).self) { group in
            for user in users { group.addTask { (user.chatID, await emulator.messages(in: user.chatID).count) } }
            return await group.reduce(into: [Int64: Int]()) { $0[$1.0] = $1.1 }
        }

        // When the bot is killed with SIGKILL at random moments while it fires them
        var random = TestSeed()
        for _ in 0..<4 {
            bot = try BotProcess(emulator: emulator, dataDirectory: directory)
            // A random moment to kill (the seed replays it): the wait is the drill, not a wait for something.
            try await Task.sleep(for: .milliseconds(Int.random(in: 30...400, using: &random)))
            await bot.kill9()
        }
        bot = try BotProcess(emulator: emulator, dataDirectory: directory)

        // Then every user gets the reminder, and only once
        var repeated = 0
        for user in users {
            let expected = (before[user.chatID] ?? 0) + 1
            let messages = try await emulator.waitForMessages(in: user.chatID, count: expected, timeout: .seconds(30))
            #expect(messages.count >= expected, "no reminder is lost; \(random)")
        }
        // (once no nudge is pending and the outbox is empty, no repeat can still come)
        #expect(try await eventually { try await Self.left(in: database, nudges: true, outbox: true) == 0 })
        try await database.close()
        for user in users {
            let fresh = await emulator.messages(in: user.chatID).dropFirst(before[user.chatID] ?? 0)
            #expect(fresh.allSatisfy { $0.buttons.flatMap { $0 }.contains { $0.callbackData == "p:k" } },
                    "only the reminder arrived")
            repeated += max(0, fresh.count - 1)
        }
        // A kill between Telegram's accepting a message and the row being marked sent is the one
        // moment a message can repeat (Telegram has no idempotency key); claims never repeat.
        print("reminder kill -9 drill: \(users.count) reminders due, \(repeated) repeated")
        #expect(repeated <= 4 * DeliveryLimits().concurrency)
        // The reminders may all have gone out before the last kill: SIGTERM waits until the last
        // bot answers, or it would meet a process still starting.
        let shown = await emulator.messages(in: users[0].chatID).count
        await emulator.sendText("/help", from: users[0])
        _ = try await emulator.waitForMessages(in: users[0].chatID, count: shown + 1, timeout: .seconds(30))
        let status = await bot.terminate()
        #expect(status == 0, "exit status \(status.map(String.init) ?? "none within 30 s")")
        await emulator.shutdown()
    }

    /// Pending planting nudges (the ones the drill moves) and pending outbox rows, as chosen.
    private static func left(in database: DatabaseQueue, nudges: Bool, outbox: Bool) async throws -> Int {
        try await database.read { db in
            var count = 0
            if nudges {
                count += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE kind = 'nudge' AND slot = 2 AND state = 'pending'") ?? 0
            }
            if outbox { count += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0 }
            return count
        }
    }
}

import Foundation
import GRDB
import Testing
import TelegramEmulator
@testable import Bot

@Suite(.serialized) struct AdminEndToEndTests {
    @Test func adminsSeeTheFiguresAndChangeAQuotaWhileForOthersTheCommandDoesNotExist() async throws {
        // Given an operator listed in SOGRETO_ADMIN_IDS and a buyer with two diary photos
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(maxLongPollTimeout: 1))
        let admin = await emulator.newUser(firstName: "Оператор", languageCode: "ru")
        let anna = await emulator.newUser(firstName: "Анна", languageCode: "ru")
        let bot = try await BotHarness.start(emulator: emulator, environment: ["SOGRETO_ADMIN_IDS": "\(admin.id)"])
        do {
            await emulator.sendText("/start mg-1", from: anna)
            var annaSeen = try await bot.replies(to: anna, count: 1)
            try await bot.runtime.database.writer.write { db in
                for day in 1...2 {
                    try db.execute(sql: """
                        INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format, green_coverage, created_at)
                        VALUES (?, ?, ?, ?, 1048576, 1600, 1200, 'jpeg', 0.3, ?)
                        """, arguments: [anna.id, day, String(repeating: "\(day)", count: 64),
                                         String(repeating: "a\(day)", count: 32), Date()])
                }
            }

            // When the buyer tries /admin, it is an unknown command, and an adm: button is stale
            await emulator.sendText("/admin", from: anna)
            annaSeen = try await bot.replies(to: anna, count: annaSeen.count + 1)
            #expect(annaSeen.last?.text == "Такой команды я не знаю. Посмотри /help — там всё, что я умею.")
            await emulator.sendText("/admin \(anna.id)", from: anna)
            annaSeen = try await bot.replies(to: anna, count: annaSeen.count + 1)
            #expect(annaSeen.last?.text?.contains("Такой команды я не знаю") == true)
            let query = await emulator.pressButton("adm:p:\(anna.id):50", on: annaSeen[0].messageID, from: anna)
            try await bot.settle()
            #expect(await emulator.callbackAnswers(for: query).first?.text == "Эта кнопка уже не работает. Нажми на кнопку в последнем сообщении.")
            #expect(try await bot.runtime.database.userMedia(anna.id)?.quota.maxPhotos == 10)
            #expect(!(await emulator.commands(languageCode: nil).map(\.command).contains("admin")), "the menu does not show it")

            // When the operator sends /admin, the storage totals and the funnel come back
            await emulator.sendText("/admin", from: admin)
            var seen = try await bot.replies(to: admin, count: 1)
            let overview = try #require(seen.last?.text)
            #expect(overview.contains("Хранилище"))
            #expect(overview.contains("Пользователей с медиа: 1 · фото: 2"))
            #expect(overview.contains("Объём: 2.0 МБ"))
            #expect(overview.contains("Открыли набор: 1"))
            #expect(overview.contains("mg-1: 1 → 0 → 0 → 0"))
            let userButton = try #require(seen.last?.buttons.flatMap { $0 }.first { $0.callbackData == "adm:u:\(anna.id)" })

            // And the user card opens from the top-users button, with quota buttons
            await emulator.pressButton(try #require(userButton.callbackData), on: seen[0].messageID, from: admin)
            try await bot.settle()
            seen = await emulator.messages(in: admin.chatID)
            #expect(seen.count == 1, "the overview was edited into the card")
            #expect(seen[0].text?.contains("Пользователь \(anna.id)") == true)
            #expect(seen[0].text?.contains("Фото: 2 из 10") == true)

            // When the operator raises the photo cap to 20
            let raise = await emulator.pressButton("adm:p:\(anna.id):20", on: seen[0].messageID, from: admin)
            try await bot.settle()

            // Then it is stored and audited with the operator's id, and the card shows it
            #expect(await emulator.callbackAnswers(for: raise).first?.text == "Лимит сохранён")
            seen = await emulator.messages(in: admin.chatID)
            #expect(seen.last?.text?.contains("Фото: 2 из 20") == true)
            #expect(try await bot.runtime.database.userMedia(anna.id)?.quota.maxPhotos == 20)
            let audit = try #require(try await bot.runtime.database.auditLog().first)
            #expect(audit.actor == "telegram:\(admin.id)")
            #expect(audit.action == "quota.set")
            #expect(audit.target == "user:\(anna.id)")

            // And /admin ID looks a user up directly; an unknown id says so
            await emulator.sendText("/admin 42", from: admin)
            seen = try await bot.replies(to: admin, count: 2)
            #expect(seen.last?.text == "Пользователя 42 нет в базе.")
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }
}

import Foundation
import GRDB
import Testing
import TelegramEmulator
@testable import Bot

/// Media limits as a user meets them: an admin's byte cap and a full global budget refuse the
/// next photo kindly, before it is downloaded, and nothing already stored is touched.
@Suite(.serialized) struct MediaQuotaEndToEndTests {
    @Test func aByteCapSetByAnAdminRefusesTheNextPhoto() async throws {
        let bot = try await BotHarness.start()
        do {
            let vera = await bot.emulator.newUser(firstName: "Вера", languageCode: "ru")
            await bot.emulator.sendText("/start", from: vera)
            var seen = try await bot.replies(to: vera, count: 1).count
            try await bot.settle()
            seen = await bot.emulator.messages(in: vera.chatID).count
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: vera)
            seen += 1
            _ = try await bot.replies(to: vera, count: seen)
            // When an admin caps her media at what she already has
            _ = try await bot.runtime.database.setQuota(userID: vera.id, change: MediaQuota.Change(maxBytes: 1), actor: "test",
                                                        now: Date())
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 2), from: vera)
            // Then the next photo is refused with the kind words, and her first photo stays
            let reply = try #require(try await bot.replies(to: vera, count: seen + 1).last)
            #expect(reply.text?.contains("больше нет места") == true)
            #expect(try await bot.runtime.database.photoDiary(of: vera.id).photos.count == 1)
            let downloads = await bot.emulator.requestLog().filter { $0.method == "getFile" }
            #expect(downloads.count == 1, "the refused photo was not downloaded")
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func aFullBudgetRefusesNewPhotosInTheUsersLanguage() async throws {
        let bot = try await BotHarness.start(environment: ["SOGRETO_MEDIA_BUDGET_MB": "1"])
        do {
            let anna = await bot.emulator.newUser(firstName: "Anna", languageCode: "en")
            await bot.emulator.sendText("/start", from: anna)
            _ = try await bot.replies(to: anna, count: 1)
            try await bot.settle()
            let seen = await bot.emulator.messages(in: anna.chatID).count
            // Given a store already holding 2 MB of photos against a 1 MB budget
            try await bot.runtime.sqliteWriter.write { db in
                try db.execute(sql: """
                    INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format,
                                       green_coverage, created_at)
                    VALUES (?, 1, ?, ?, 2000000, 1600, 1200, 'jpeg', 0.1, CURRENT_TIMESTAMP)
                    """, arguments: [anna.id, String(repeating: "a", count: 64), String(repeating: "b", count: 64)])
            }
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 3), from: anna)
            let reply = try #require(try await bot.replies(to: anna, count: seen + 1).last)
            #expect(reply.text?.contains("space for pictures has run out") == true)
            #expect(try await bot.runtime.database.photoDiary(of: anna.id).photos.count == 1)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }
}

import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

/// Albums (several photos sent together) through the real bot and the emulator: one reply for
/// the album, the diary's cap and the replace choice for the album as a whole.
@Suite(.serialized) struct PhotoAlbumEndToEndTests {
    @Test func anAlbumOfThreePhotosGetsOneReply() async throws {
        try await withBot { bot in
            let (vera, seen) = try await bot.startedUser(language: "ru")
            let photos = try (1...3).map { try SproutPhotos.jpeg(day: $0, width: 320) }
            try await bot.emulator.sendMediaGroup(photos, from: vera)
            let reply = try #require(try await bot.replies(to: vera, count: seen + 1).last)
            // The first photos ever saved also say how photos are kept
            #expect(reply.text == "🌱 3 фото сохранены: день 0 — 3 из 10 в дневнике.\n\n"
                + "🔒 Фото хранятся без геолокации; удалить их можно в /photos, а всё сразу — командой /forget.")
            try await bot.settle()
            #expect(await bot.emulator.messages(in: vera.chatID).count == seen + 1)
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 3)
        }
    }

    @Test func anAlbumSplitAcrossPollBatchesStillGetsOneReply() async throws {
        try await withBot { bot in
            let (vera, seen) = try await bot.startedUser(language: "en")
            try await bot.emulator.sendMediaGroup(try (1...2).map { try SproutPhotos.jpeg(day: $0, width: 320) },
                                                  groupID: "split-album", from: vera)
            // The bot has fetched the first two items before the third one arrives
            #expect(try await eventually(within: .seconds(10)) { await bot.emulator.pendingUpdateCount() == 0 })
            try await bot.emulator.sendMediaGroup([try SproutPhotos.jpeg(day: 3, width: 320)], groupID: "split-album", from: vera)
            let reply = try #require(try await bot.replies(to: vera, count: seen + 1).last)
            #expect(reply.text?.hasPrefix("🌱 3 photos saved: day 0 — 3 of 10 in your diary.\n\n🔒") == true)
            try await bot.settle()
            #expect(await bot.emulator.messages(in: vera.chatID).count == seen + 1)
        }
    }

    @Test func photosOverTheCapGetOneOfferAndReplaceTheEarliestTogether() async throws {
        try await withBot { bot in
            let (vera, seen) = try await bot.startedUser(language: "en")
            _ = try await bot.runtime.database.setQuota(userID: vera.id, change: MediaQuota.Change(maxPhotos: 3), actor: "test",
                                                        now: Date())
            for day in 1...2 {
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day, width: 320), from: vera)
                _ = try await bot.replies(to: vera, count: seen + day)
            }
            let before = try await bot.runtime.database.photoDiary(of: vera.id)
            // An album of four photos, one of them already in the diary: one fits, two do not
            let photos = try [SproutPhotos.jpeg(day: 1, width: 320)] + (5...7).map { try SproutPhotos.jpeg(day: $0, width: 320) }
            try await bot.emulator.sendMediaGroup(photos, from: vera)
            let offer = try #require(try await bot.replies(to: vera, count: seen + 3).last)
            let text = try #require(offer.text)
            #expect(text.hasPrefix("🌱 1 photo saved: day 0 — 3 of 3 in your diary."))
            #expect(text.contains("Already in your diary, not saved twice: 1."))
            #expect(text.contains("new ones didn’t fit: 2"))
            let buttons = offer.buttons.flatMap { $0 }
            #expect(buttons.count == 2)
            #expect(buttons.first?.text == "Replace the earliest (2)")
            try await bot.settle()
            #expect(await bot.emulator.messages(in: vera.chatID).count == seen + 3)
            // Replacing puts both new photos in place of the two earliest
            await bot.emulator.pressButton(try #require(buttons.first?.callbackData), on: offer.messageID, from: vera)
            let done = try #require(try await bot.replies(to: vera, count: seen + 4).last)
            #expect(done.text == "Done: the new photos replaced the earliest ones (2). 3 of 3 in your diary.")
            let after = try await bot.runtime.database.photoDiary(of: vera.id)
            #expect(after.photos.count == 3)
            #expect(Set(after.photos.map(\.id)).isDisjoint(with: before.photos.map(\.id)))
            #expect(after.held.isEmpty)
        }
    }

    @Test(arguments: [(1, "one"), (2, "few"), (4, "few"), (5, "many"), (11, "many"), (12, "many"), (21, "one"),
                      (22, "few"), (111, "many")])
    func russianPluralForms(n: Int, form: String) {
        #expect(PhotoDiaryMessages.pluralCategory(n, locale: "ru") == form)
    }
}

import Foundation
import Testing
import TelegramEmulator
@testable import Bot

/// /privacy in both languages, and the one-line note at the first photo ever saved.
@Suite(.serialized) struct PrivacyEndToEndTests {
    @Test func privacySaysWhatIsKeptAndNamesExportAndForgetInBothLanguages() async throws {
        try await withBot { bot in
            let vera = await bot.emulator.newUser(firstName: "Вера", languageCode: "ru")
            let anna = await bot.emulator.newUser(firstName: "Anna", languageCode: "en")
            await bot.emulator.sendText("/privacy", from: vera)
            await bot.emulator.sendText("/privacy", from: anna)
            let ru = try #require(try await bot.replies(to: vera, count: 1).last?.text)
            let en = try #require(try await bot.replies(to: anna, count: 1).last?.text)
            #expect(ru.contains("Что я храню") && ru.contains("на сервере оператора") && ru.contains("28 дн."))
            #expect(en.contains("What I keep") && en.contains("operator’s server") && en.contains("28 days"))
            for text in [ru, en] { #expect(text.contains("/export") && text.contains("/forget")) }
            #expect(Conversation.menu.contains("privacy"))
        }
    }

    @Test func onlyTheFirstPhotoEverSavedMentionsHowPhotosAreKept() async throws {
        try await withBot { bot in
            let (vera, started) = try await bot.startedUser("Вера", language: "ru")
            var seen = started
            var replies: [String] = []
            for day in [1, 5] {
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day), from: vera)
                seen += 1
                replies.append(try await bot.replies(to: vera, count: seen).last?.text ?? "")
            }
            #expect(replies[0].contains("без геолокации") && replies[0].contains("/forget"))
            #expect(!replies[1].contains("без геолокации"))
        }
    }

    @Test func firstPhotosSentAsAnAlbumMentionHowPhotosAreKeptOnceInTheAlbumsReply() async throws {
        try await withBot { bot in
            let (anna, started) = try await bot.startedUser("Anna", language: "en")
            var seen = started
            // When her first photos come as an album of three
            try await bot.emulator.sendMediaGroup(try (1...3).map { try SproutPhotos.jpeg(day: $0, width: 320) }, from: anna)
            seen += 1
            let first = try #require(try await bot.replies(to: anna, count: seen).last?.text)
            try await bot.settle()
            // Then the album's one reply carries the note, once
            #expect(first.components(separatedBy: "kept without location").count == 2, "\(first)")
            #expect(first.contains("/forget"))
            #expect(await bot.emulator.messages(in: anna.chatID).count == seen)
            // And neither a second album nor a single photo afterwards repeats it
            try await bot.emulator.sendMediaGroup(try (4...5).map { try SproutPhotos.jpeg(day: $0, width: 320) }, from: anna)
            seen += 1
            let second = try #require(try await bot.replies(to: anna, count: seen).last?.text)
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 6, width: 320), from: anna)
            seen += 1
            let third = try #require(try await bot.replies(to: anna, count: seen).last?.text)
            #expect(second.contains("2 photos saved") && !second.contains("without location"))
            #expect(!third.contains("without location"))
        }
    }
}

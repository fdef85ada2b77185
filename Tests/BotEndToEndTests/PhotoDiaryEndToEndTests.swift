import Foundation
import GRDB
import Media
import Testing
import TelegramEmulator
@testable import Bot
import BotMedia
import TestSupport

/// The photo diary through the real bot and the Bot API emulator: photos and files in, replies, the
/// diary's cap, the gallery, collages and timelines out.
@Suite(.serialized) struct PhotoDiaryEndToEndTests {
    /// A user who started the program and has seen its welcome.
    func startedUser(_ bot: BotHarness, language: String = "ru") async throws -> (SimulatedUser, Int) {
        try await bot.startedUser(language: language)
    }

    func texts(_ bot: BotHarness, _ user: SimulatedUser) async -> [String] {
        await bot.emulator.messages(in: user.chatID).compactMap { $0.text ?? $0.caption }
    }

    func setMaxPhotos(_ bot: BotHarness, _ user: SimulatedUser, _ max: Int) async throws {
        _ = try await bot.runtime.database.setQuota(userID: user.id, change: MediaQuota.Change(maxPhotos: max), actor: "test",
                                                    now: Date())
    }

    @Test func aPhotoIsSavedWithItsDayAndCountAndItsBlobsAreOnDisk() async throws {
        try await withBot { bot in
            let (vera, seen) = try await startedUser(bot)
            // When Vera sends a photo of her sprouts
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: vera)
            // Then the bot answers warmly with the day and the count
            let replies = try await bot.replies(to: vera, count: seen + 1)
            #expect(replies.last?.text?.contains("Фото дня 0 сохранено — 1 из 10") == true)
            // And the normalised photo and its thumbnail are on disk under the data directory
            let diary = try await bot.runtime.database.photoDiary(of: vera.id)
            let photo = try #require(diary.photos.first)
            for sha in [photo.sha256, photo.thumbSHA256] {
                // The layout existing data directories and backups rely on: media/ab/cd/<sha256>.jpg
                let url = bot.dataDirectory.appendingPathComponent("media/\(sha.prefix(2))/\(sha.dropFirst(2).prefix(2))/\(sha).jpg")
                #expect(FileManager.default.fileExists(atPath: url.path))
            }
            // And /status counts it
            await bot.emulator.sendText("/status", from: vera)
            let status = try await bot.replies(to: vera, count: seen + 2)
            #expect(status.last?.text?.contains("Фото в дневнике: 1") == true)
        }
    }

    @Test func withASlowVisionAdvisorTheReplyComesAtOnceAndItsLineFollows() async throws {
        let advisor = GatedAdvisor()
        let bot = try await BotHarness.start(photoAdvisor: advisor)
        do {
            let (vera, seen) = try await startedUser(bot)
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 5), from: vera)
            // The saved reply arrives while the vision answer is still pending
            let reply = try #require(try await bot.replies(to: vera, count: seen + 1).last)
            #expect(reply.text?.contains("Фото дня 0 сохранено") == true)
            #expect(reply.text?.contains("Похоже") == false)
            // Then, once the vision answer comes, its line follows in a message of its own
            await advisor.answer("<i>Похоже, это первые ростки.</i>")
            let note = try #require(try await bot.replies(to: vera, count: seen + 2).last)
            #expect(note.text == "Похоже, это первые ростки.")
            #expect(note.entities.contains { $0.type == "italic" })
        } catch {
            await advisor.answer(nil)
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test(arguments: [("sprouts.png", "image/png", ".png"), ("sprouts.webp", "image/webp", ".webp[Q=90]"),
                      ("sprouts.heic", "image/heic", ".heic[Q=90]")])
    func photosSentAsFilesAreTaken(name: String, mime: String, suffix: String) async throws {
        try await withBot { bot in
            let (vera, seen) = try await startedUser(bot, language: "en")
            await bot.emulator.sendDocument(try SproutPhotos.encoded(day: 2, as: suffix), fileName: name, mimeType: mime, from: vera)
            let replies = try await bot.replies(to: vera, count: seen + 1)
            #expect(replies.last?.text?.contains("Day 0 photo saved — 1 of 10") == true)
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 1)
        }
    }

    @Test func filesThePhotoDiaryCannotTakeGetAKindReplySayingWhatToSend() async throws {
        try await withBot { bot in
            let (vera, seen) = try await startedUser(bot)
            // A PDF, a truncated JPEG, a text file disguised as an image
            await bot.emulator.sendDocument(Data("%PDF-1.4 …".utf8), fileName: "kit.pdf", mimeType: "application/pdf", from: vera)
            let photo = try SproutPhotos.jpeg(day: 3)
            await bot.emulator.sendDocument(photo.prefix(photo.count / 3), fileName: "cut.jpg", mimeType: "image/jpeg", from: vera)
            await bot.emulator.sendDocument(Data("hello".utf8), fileName: "fake.png", mimeType: "image/png", from: vera)
            // A 42-megapixel image and an animation
            await bot.emulator.sendDocument(try SproutPhotos.hugePNG(), fileName: "huge.png", mimeType: "image/png", from: vera)
            await bot.emulator.sendDocument(try SproutPhotos.animatedGIF(), fileName: "wave.gif", mimeType: "image/gif", from: vera)
            let replies = try await bot.replies(to: vera, count: seen + 5)
            let answers = replies.suffix(5).compactMap(\.text)
            #expect(answers.filter { $0.contains("не похож на фотографию") }.count == 2)
            #expect(answers.contains { $0.contains("повреждён") })
            #expect(answers.contains { $0.contains("больше 40 мегапикселей") })
            #expect(answers.contains { $0.contains("Это анимация") })
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 0)
        }
    }

    @Test func theSamePhotoTwiceIsStoredOnceAndToldSo() async throws {
        try await withBot { bot in
            let (vera, seen) = try await startedUser(bot)
            let photo = try SproutPhotos.jpeg(day: 4)
            try await bot.emulator.sendPhoto(photo, from: vera)
            _ = try await bot.replies(to: vera, count: seen + 1)
            // Sent again as a photo, then as a file (new Telegram file, same pixels)
            try await bot.emulator.sendPhoto(photo, from: vera)
            await bot.emulator.sendDocument(photo, fileName: "again.jpg", mimeType: "image/jpeg", from: vera)
            let replies = try await bot.replies(to: vera, count: seen + 3)
            #expect(replies.suffix(2).allSatisfy { $0.text?.contains("уже есть в дневнике (день 0)") == true })
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 1)
        }
    }

    @Test func theEleventhPhotoIsHeldUntilTheUserPicksOneToReplace() async throws {
        try await withBot { bot in
            let (vera, seen) = try await startedUser(bot)
            // Given a full diary of ten photos
            for index in 1...10 {
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: index, width: 320), from: vera)
                _ = try await bot.replies(to: vera, count: seen + index)
            }
            let before = try await bot.runtime.database.photoDiary(of: vera.id)
            #expect(await bot.emulator.messages(in: vera.chatID).last?.text?.contains("10 из 10") == true)
            // When an eleventh comes
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 11, width: 320), from: vera)
            // Then the user sees the diary's ten thumbnails and is asked which one to replace
            var messages = try await bot.replies(to: vera, count: seen + 21)
            let album = messages.suffix(11).prefix(10)
            #expect(album.allSatisfy { $0.kind == .mediaGroupItem })
            #expect(album.map(\.caption) == (1...10).map { "№\($0) · день 0" }, "photos of one day are told apart by their place")
            let offer = try #require(messages.last)
            #expect(offer.text?.contains("В дневнике уже 10 фото") == true)
            let buttons = offer.buttons.flatMap { $0 }
            #expect(buttons.count == 11)
            #expect(buttons[2].text == "Заменить: №3 · день 0")
            #expect(buttons.last?.text == "Оставить как есть")
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 10)
            // When the user picks the third photo
            await bot.emulator.pressButton(try #require(buttons[2].callbackData), on: offer.messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 22)
            #expect(messages.last?.text?.contains("новое фото (день 0) заняло место фото №3 · день 0. В дневнике 10 из 10") == true)
            // Then the new photo took exactly its place
            let after = try await bot.runtime.database.photoDiary(of: vera.id)
            #expect(after.photos.count == 10)
            #expect(!after.photos.contains(before.photos[2]))
            #expect(Set(after.photos.map(\.id)).subtracting(before.photos.map(\.id)).count == 1)
            #expect(after.held.isEmpty)
            // And the offer cannot be used twice
            await bot.emulator.pressButton(try #require(buttons[0].callbackData), on: offer.messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 23)
            #expect(messages.last?.text?.contains("неактуально") == true)
            #expect(try await bot.runtime.database.photoDiary(of: vera.id) == after)
        }
    }

    @Test func anAdminCapIsHonouredAndTheUserMayKeepThePhotoDiaryAsItIs() async throws {
        try await withBot { bot in
            let (vera, seen) = try await startedUser(bot)
            // Given an admin capped the diary at one photo
            try await setMaxPhotos(bot, vera, 1)
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: vera)
            var messages = try await bot.replies(to: vera, count: seen + 1)
            #expect(messages.last?.text?.contains("1 из 1") == true)
            let before = try await bot.runtime.database.photoDiary(of: vera.id)
            // When a second photo comes, the one thumbnail is shown with the question
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 2), from: vera)
            messages = try await bot.replies(to: vera, count: seen + 3)
            #expect(messages[messages.count - 2].kind == .photo)
            let offer = try #require(messages.last)
            let keep = try #require(offer.buttons.flatMap { $0 }.last)
            #expect(keep.text == "Оставить как есть")
            // And keeping the diary lets the new photo go
            await bot.emulator.pressButton(try #require(keep.callbackData), on: offer.messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 4)
            #expect(messages.last?.text?.contains("остаётся как был") == true)
            #expect(try await bot.runtime.database.photoDiary(of: vera.id) == before)
            #expect(try await bot.runtime.database.mediaTasks(userID: vera.id).map(\.state) == ["done", "cancelled"])
        }
    }

    @Test func theGalleryShowsThePhotoDiaryAndDeletesAPhotoOnlyAfterConfirmation() async throws {
        try await withBot { bot in
            let (vera, seen) = try await startedUser(bot)
            // An empty diary gets a hint
            await bot.emulator.sendText("/photos", from: vera)
            var messages = try await bot.replies(to: vera, count: seen + 1)
            #expect(messages.last?.text?.contains("Просто пришли сюда снимок") == true)
            for day in 1...3 {
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day), from: vera)
                messages = try await bot.replies(to: vera, count: seen + 1 + day)
            }
            // When Vera opens the gallery
            await bot.emulator.sendText("/photos", from: vera)
            messages = try await bot.replies(to: vera, count: seen + 8)
            #expect(messages.suffix(4).prefix(3).map(\.caption) == ["№1 · день 0", "№2 · день 0", "№3 · день 0"])
            let summary = try #require(messages.last)
            #expect(summary.text?.contains("3 из 10") == true)
            let delete = try #require(summary.buttons.flatMap { $0 }.first { $0.text == "Удалить фото" })
            // She picks a photo, and is asked to confirm
            await bot.emulator.pressButton(try #require(delete.callbackData), on: summary.messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 9)
            let pick = try #require(messages.last?.buttons.flatMap { $0 }.first)
            await bot.emulator.pressButton(try #require(pick.callbackData), on: try #require(messages.last).messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 10)
            let confirm = try #require(messages.last)
            #expect(confirm.text?.contains("Вернуть его будет нельзя") == true)
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 3)
            // Cancel keeps it, and the question's buttons go: a "Yes" pressed there later deletes nothing
            let choices = confirm.buttons.flatMap { $0 }
            await bot.emulator.pressButton(try #require(choices[1].callbackData), on: confirm.messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 11)
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 3)
            #expect(messages.first { $0.messageID == confirm.messageID }?.buttons.isEmpty == true)
            let late = await bot.emulator.pressButton(try #require(choices[0].callbackData), on: confirm.messageID, from: vera)
            try await bot.settle()
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 3)
            #expect(await bot.emulator.callbackAnswers(for: late).first?.text == bot.runtime.strings.text("stale_button", "ru"))
            // Asked again, yes deletes it
            await bot.emulator.pressButton(try #require(delete.callbackData), on: summary.messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 12)
            let again = try #require(messages.last)
            await bot.emulator.pressButton(try #require(again.buttons.flatMap { $0 }.first?.callbackData), on: again.messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 13)
            let yes = try #require(messages.last)
            await bot.emulator.pressButton(try #require(yes.buttons.flatMap { $0 }.first?.callbackData), on: yes.messageID, from: vera)
            messages = try await bot.replies(to: vera, count: seen + 14)
            #expect(messages.last?.text?.contains("удалено. В дневнике 2 из 10") == true)
            #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 2)
        }
    }

    @Test func collageAndTimelineAreSentAsPhotosAndRenderedOnlyOnce() async throws {
        let clock = ShiftedClock()
        try await withBot(clock: clock) { bot in
            let (vera, _) = try await startedUser(bot)
            // Planted today: the program's days count from now
            try await JourneyDays(bot: bot, clock: clock, user: vera).completePlanting()
            let seen = await bot.emulator.messages(in: vera.chatID).count
            await bot.emulator.sendText("/collage", from: vera)
            let messages = try await bot.replies(to: vera, count: seen + 1)
            #expect(messages.last?.text?.contains("хотя бы два фото") == true)
            // Given photos on program days 1, 6 and 12 (reminders may arrive in between)
            for (day, shift) in [(1, 1), (6, 5), (12, 6)] {
                clock.advance(by: Double(shift) * 86_400)
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day, width: 800), from: vera)
                try await waitFor(bot, vera) { $0.contains { $0.text?.contains("Фото дня \(day) сохранено") == true } }
            }
            // When she asks for a collage and a timeline, twice each
            for (index, command) in ["/collage", "/timeline", "/collage", "/timeline"].enumerated() {
                await bot.emulator.sendText(command, from: vera)
                try await waitFor(bot, vera) { $0.filter { $0.kind == .photo }.count == index + 1 }
            }
            let sent = await bot.emulator.messages(in: vera.chatID).filter { $0.kind == .photo }
            #expect(sent[0].caption?.contains("день 1 → день 12") == true)
            #expect(sent[1].caption?.contains("3 фото") == true)
            #expect(await bot.emulator.chatActions(in: vera.chatID).filter { $0 == "upload_photo" }.count == 4)
            // Then each was drawn once and the cached file re-sent
            #expect(try await bot.runtime.database.renderCount(userID: vera.id) == 2)
            let files = sent.compactMap(\.fileID)
            let collage = try #require(await bot.emulator.downloadFile(fileID: files[0]))
            let timeline = try #require(await bot.emulator.downloadFile(fileID: files[1]))
            #expect(await bot.emulator.downloadFile(fileID: files[2]) == collage)
            #expect(await bot.emulator.downloadFile(fileID: files[3]) == timeline)
            #expect(collage.starts(with: [0xFF, 0xD8]) && timeline.starts(with: [0xFF, 0xD8]))
            // Kept for a look with the file viewer
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-e2e-renders")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try collage.write(to: out.appendingPathComponent("collage.jpg"))
            try timeline.write(to: out.appendingPathComponent("timeline.jpg"))
        }
    }

    /// Waits until the chat's bot messages satisfy `condition`.
    func waitFor(_ bot: BotHarness, _ user: SimulatedUser, timeout: TimeInterval = 30,
                 _ condition: ([BotMessage]) -> Bool) async throws {
        if try await eventually(within: .seconds(timeout), { condition(await bot.emulator.messages(in: user.chatID)) }) { return }
        let seen = await bot.emulator.messages(in: user.chatID).map { $0.text ?? $0.caption ?? $0.kind.rawValue }
        Issue.record("timed out; the chat has: \(seen)")
    }
}

/// A vision API as slow as the test wants: questions wait until the test answers (later ones get that answer at once).
actor GatedAdvisor: PhotoAdvisor {
    private var answered: String??
    private var waiting: [CheckedContinuation<String?, Never>] = []

    nonisolated func advice(photo: BlobKey, userID: Int64, locale: String) async -> String? {
        await wait()
    }

    private func wait() async -> String? {
        if let answered { return answered }
        return await withCheckedContinuation { waiting.append($0) }
    }

    func answer(_ text: String?) {
        answered = .some(text)
        waiting.forEach { $0.resume(returning: text) }
        waiting = []
    }
}

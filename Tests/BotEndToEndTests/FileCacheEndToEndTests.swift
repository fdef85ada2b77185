import Foundation
import GRDB
import Media
import Testing
import TelegramEmulator
@testable import Bot

/// Delivery's file_id reuse for every stored file (photos, albums, documents), not only audio.
@Suite(.serialized) struct FileCacheEndToEndTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/ReportsTests/Fixtures")

    /// Copies fixture photos and a small PDF into the bot's data directory, as media jobs would.
    func storeFiles(in bot: BotHarness) throws {
        let media = bot.dataDirectory.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        for day in 1...3 {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("plant-day\(day).jpg"),
                                             to: media.appendingPathComponent("day\(day).jpg"))
        }
        try Data("%PDF-1.4\n% a diary\n%%EOF\n".utf8).write(to: media.appendingPathComponent("diary.pdf"))
    }

    static func photo(_ day: Int) -> FileSource {
        .stored(path: "media/day\(day).jpg", fileName: "day\(day).jpg", mimeType: "image/jpeg")
    }

    @Test func blobsAreReadThroughTheConfiguredStoreAlsoByTheirOldPath() async throws {
        // Given a bot whose blob store is not the data directory's media folder
        let store = InMemoryBlobStore()
        let bot = try await BotHarness.start(blobs: store)
        do {
            let photo = try await store.put(try Data(contentsOf: Self.fixtures.appendingPathComponent("plant-day1.jpg")), format: .jpeg)
            let other = try await store.put(try Data(contentsOf: Self.fixtures.appendingPathComponent("plant-day2.jpg")), format: .jpeg)
            let anna = await bot.emulator.newUser(firstName: "Анна")
            func lastSend() async -> RecordedRequest? {
                await bot.emulator.requestLog().last { $0.method.hasPrefix("send") && $0.method != "sendChatAction" }
            }
            // When a blob is sent, then again, and a message queued by an older version names one by its path
            _ = try await bot.runtime.delivery.send(.photo(file: .blob(name: photo.name, fileName: "day1.jpg"), caption: nil, keyboard: nil),
                                                    to: anna.chatID)
            #expect(await lastSend()?.uploadedFields == ["photo"])
            _ = try await bot.runtime.delivery.send(.photo(file: .blob(name: photo.name, fileName: "day1.jpg"), caption: nil, keyboard: nil),
                                                    to: anna.chatID)
            #expect(await lastSend()?.isMultipart == false)
            let legacy = FileSource.stored(path: "media/\(other.name.path)", fileName: "day2.jpg", mimeType: "image/jpeg")
            _ = try await bot.runtime.delivery.send(.photo(file: legacy, caption: nil, keyboard: nil), to: anna.chatID)
            // Then the bytes came from the store (nothing is in the media folder) and every photo arrived
            #expect(await lastSend()?.uploadedFields == ["photo"])
            #expect(await lastSend()?.errorDescription == nil)
            #expect(!FileManager.default.fileExists(atPath: bot.dataDirectory.appendingPathComponent("media/\(other.name.path)").path))
            let photos = await bot.emulator.messages(in: anna.chatID).filter { $0.mediaKind == .photo }
            #expect(photos.count == 3 && Set(photos.compactMap(\.fileID)).count == 2)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func photosAlbumsAndDocumentsAreUploadedOnceThenSentByID() async throws {
        try await withBot { bot in
            try storeFiles(in: bot)
            let anna = await bot.emulator.newUser(firstName: "Анна")
            let delivery = bot.runtime.delivery
            // The latest send (long polling and other background requests interleave in the log)
            func lastRequest() async -> RecordedRequest? {
                await bot.emulator.requestLog().last { $0.method.hasPrefix("send") && $0.method != "sendChatAction" }
            }

            // A photo: uploaded the first time, by id the second
            _ = try await delivery.send(.photo(file: Self.photo(1), caption: "1", keyboard: nil), to: anna.chatID)
            #expect(await lastRequest()?.uploadedFields == ["photo"])
            _ = try await delivery.send(.photo(file: Self.photo(1), caption: "1", keyboard: nil), to: anna.chatID)
            #expect(await lastRequest()?.isMultipart == false)

            // An album: per item, only the photo Telegram does not have yet is uploaded
            _ = try await delivery.send(.album(files: [Self.photo(1), Self.photo(2)], captions: []), to: anna.chatID)
            let album = await lastRequest()
            #expect(album?.method == "sendMediaGroup")
            #expect(album?.uploadedFields == ["photo1"])
            _ = try await delivery.send(.album(files: [Self.photo(2), Self.photo(1), Self.photo(3)], captions: []), to: anna.chatID)
            #expect(await lastRequest()?.uploadedFields == ["photo2"])
            _ = try await delivery.send(.album(files: [Self.photo(3), Self.photo(2)], captions: []), to: anna.chatID)
            #expect(await lastRequest()?.isMultipart == false)

            // A document with a checksum carried by its sender is reused without reading the file
            let pdf = FileSource.stored(path: "media/diary.pdf", fileName: "diary.pdf", mimeType: "application/pdf")
            _ = try await delivery.send(.document(file: pdf, caption: nil, keyboard: nil), to: anna.chatID)
            #expect(await lastRequest()?.uploadedFields == ["document"])
            try FileManager.default.removeItem(at: bot.dataDirectory.appendingPathComponent("media/day1.jpg"))
            let sha = try #require(try await bot.runtime.sqliteWriter.read { db in
                try String.fetchOne(db, sql: "SELECT sha256 FROM telegram_files ORDER BY updated_at LIMIT 1")
            })
            _ = try await delivery.send(.photo(file: .stored(path: "media/day1.jpg", fileName: "day1.jpg", mimeType: "image/jpeg",
                                                             sha256: sha), caption: nil, keyboard: nil), to: anna.chatID)
            #expect(await lastRequest()?.isMultipart == false)
            #expect(await lastRequest()?.errorDescription == nil)

            // Every message arrived, and Telegram's file ids are the same for the same bytes
            let photos = await bot.emulator.messages(in: anna.chatID).filter { $0.mediaKind == .photo }
            let distinctFiles = Set(photos.compactMap(\.fileID))
            #expect(photos.count == 10)
            #expect(distinctFiles.count == 3)
        }
    }
    @Test func theSameBytesSentAsADocumentAndAsAPhotoKeepAnIdEach() async throws {
        try await withBot { bot in
            try storeFiles(in: bot)
            let anna = await bot.emulator.newUser(firstName: "Анна")
            let delivery = bot.runtime.delivery
            let asDocument = OutboxAction.document(file: Self.photo(1), caption: nil, keyboard: nil)
            let asPhoto = OutboxAction.photo(file: Self.photo(1), caption: nil, keyboard: nil)

            // The same JPEG as a document, as a photo, then both again
            for action in [asDocument, asPhoto, asDocument, asPhoto] {
                _ = try await delivery.send(action, to: anna.chatID)
            }

            // Each kind was uploaded once and then sent by its own id; Telegram refused nothing
            let sends = await bot.emulator.requestLog().filter { $0.method == "sendDocument" || $0.method == "sendPhoto" }
            #expect(sends.map(\.method) == ["sendDocument", "sendPhoto", "sendDocument", "sendPhoto"])
            #expect(sends.map(\.uploadedFields) == [["document"], ["photo"], [], []])
            #expect(sends.allSatisfy { $0.errorDescription == nil })
            // Every message arrived as what it was sent as, the reused ids being the first ones
            let messages = await bot.emulator.messages(in: anna.chatID).filter { $0.fileID != nil }
            #expect(messages.map(\.mediaKind) == [.document, .photo, .document, .photo])
            if messages.count == 4 {
                #expect(messages[2].fileID == messages[0].fileID)
                #expect(messages[3].fileID == messages[1].fileID)
                #expect(messages[0].fileID != messages[1].fileID)
            }
            let kinds = try await bot.runtime.sqliteWriter.read { db in
                try String.fetchAll(db, sql: "SELECT kind FROM telegram_files ORDER BY kind")
            }
            #expect(kinds == ["document", "photo"])
        }
    }
}

import Foundation
import S3
import S3TestSupport
import TelegramEmulator
import Testing
@testable import Bot

/// The photo diary with media in a bucket (moto, authentication on): the bot stores photos and
/// renders there and keeps nothing in the data directory's media folder.
@Suite(.serialized, .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
struct PhotoDiaryS3EndToEndTests {
    @Test func photosAndACollageLiveInTheBucketAndNotOnTheLocalDisk() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let clock = ShiftedClock()
        let bot = try await BotHarness.start(clock: clock, environment: [
            "SOGRETO_S3_ENDPOINT": settings.endpoint.absoluteString, "SOGRETO_S3_BUCKET": settings.bucket,
            "SOGRETO_S3_ACCESS_KEY_ID": settings.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": settings.secretAccessKey,
            "SOGRETO_S3_PATH_STYLE": "true", "SOGRETO_S3_PREFIX": "prod",
        ])
        do {
            let diary = PhotoDiaryEndToEndTests()
            let (vera, _) = try await diary.startedUser(bot)
            try await JourneyDays(bot: bot, clock: clock, user: vera).completePlanting()
            // When Vera sends two photos on two days and asks for a collage
            for (day, shift) in [(1, 1), (6, 5)] {
                clock.advance(by: Double(shift) * 86_400)
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day, width: 800), from: vera)
                try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("Фото дня \(day) сохранено") == true } }
            }
            await bot.emulator.sendText("/collage", from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.kind == .photo } }
            // Then every photo, thumbnail and the collage are objects under the prefix
            let bucket = try S3Client(settings: settings)
            let photos = try await bot.runtime.database.photoDiary(of: vera.id).photos
            #expect(photos.count == 2)
            for sha in photos.flatMap({ [$0.sha256, $0.thumbSHA256] }) {
                let key = "prod/\(sha.prefix(2))/\(sha.dropFirst(2).prefix(2))/\(sha).jpg"
                #expect(try await bucket.head(key: key) != nil, "\(key)")
            }
            let objects = try await bucket.list(prefix: "prod/")
            #expect(objects.count == 5, "\(objects.map(\.key))")  // 2 photos, 2 thumbnails, 1 collage
            let collage = try #require(await bot.emulator.messages(in: vera.chatID).last { $0.kind == .photo }?.fileID)
            let sent = try #require(await bot.emulator.downloadFile(fileID: collage))
            #expect(sent.starts(with: [0xFF, 0xD8]))
            // And nothing of it is on the local disk
            let media = bot.dataDirectory.appendingPathComponent("media")
            let local = (FileManager.default.enumerator(atPath: media.path)?.allObjects as? [String]) ?? []
            #expect(local.filter { $0.hasSuffix(".jpg") }.isEmpty, "\(local)")
            let work = bot.dataDirectory.appendingPathComponent("s3-work")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []).isEmpty)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func aPhotoStoredWhileTheBucketFailsAndDropsConnectionsIsRepliedToOnceAndStoredOnce() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket()
        let proxy = try FaultProxy(upstreamPort: moto.port)
        let bot = try await BotHarness.start(environment: [
            "SOGRETO_S3_ENDPOINT": "http://127.0.0.1:\(proxy.port)", "SOGRETO_S3_BUCKET": settings.bucket,
            "SOGRETO_S3_ACCESS_KEY_ID": settings.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": settings.secretAccessKey,
            "SOGRETO_S3_PATH_STYLE": "true",
        ])
        do {
            let diary = PhotoDiaryEndToEndTests()
            let (vera, seen) = try await diary.startedUser(bot)
            // Given a bucket that answers 503 and 500, then loses the answer to an upload it stored
            proxy.script([.status(503), .status(500), .dropAnswer], method: "PUT")
            proxy.script([.drop], method: "HEAD")
            // When Vera sends a photo
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("Фото дня 0 сохранено — 1 из 10") == true } }
            try await bot.settle()
            // Then she is answered once, and the photo and its thumbnail are stored once each
            let saved = await bot.emulator.messages(in: vera.chatID).dropFirst(seen)
                .filter { $0.text?.contains("сохранено") == true }
            #expect(saved.count == 1)
            let objects = try await S3Client(settings: settings).list(prefix: "")
            #expect(objects.count == 2, "\(objects.map(\.key))")
            #expect(proxy.requests.filter { $0.hasPrefix("PUT") }.count >= 4)
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }
}

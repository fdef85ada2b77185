import Foundation
import GRDB
import Media
import Maintenance
import S3
import S3TestSupport
import Testing
import TelegramEmulator
@testable import Bot
import TestSupport

/// The photo diary's whole life with media in a bucket (moto, authentication on), through the
/// real bot and the emulator: the 10-photo cap, the timeline, the PDF diary, deletions, the
/// collection of orphans (held while a backup needs them), quotas and the budget, and renders
/// that meet a failing bucket.
@Suite(.serialized, .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
struct PhotoDiaryS3JourneyEndToEndTests {
    let diary = PhotoDiaryEndToEndTests()

    /// The bot with media in a fresh bucket under "prod/" (through `proxy` when given). `impatient`:
    /// its client gives up on a silent answer after two seconds and sends each request twice at most,
    /// so slow answers and dropped connections fail a task's attempt within the test's seconds.
    private func startBot(clock: any BotClock = SystemClock(), proxy: FaultProxy? = nil, impatient: Bool = false,
                          environment: [String: String] = [:]) async throws -> (BotHarness, S3Client) {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let endpoint = proxy.map { "http://127.0.0.1:\($0.port)" } ?? settings.endpoint.absoluteString
        var blobs: S3BlobStore?
        if impatient, let proxy {
            let client = try S3Client(settings: moto.settings(bucket: settings.bucket, prefix: "prod/", port: proxy.port),
                                      retry: S3RetryPolicy(attempts: 2, firstDelay: .milliseconds(20)),
                                      timeouts: S3Timeouts(connect: 2, reply: 2, stall: 2, transfer: 20))
            blobs = S3BlobStore(client: client, scratch: FileManager.default.temporaryDirectory
                .appendingPathComponent("s3-impatient-\(UUID().uuidString)"))
        }
        let bot = try await BotHarness.start(clock: clock, environment: environment.merging([
            "SOGRETO_S3_ENDPOINT": endpoint, "SOGRETO_S3_BUCKET": settings.bucket,
            "SOGRETO_S3_ACCESS_KEY_ID": settings.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": settings.secretAccessKey,
            "SOGRETO_S3_PATH_STYLE": "true", "SOGRETO_S3_PREFIX": "prod",
        ]) { $1 }, blobs: blobs)
        return (bot, try S3Client(settings: settings))
    }

    private func run(_ bot: BotHarness, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    /// The bucket's objects under the prefix, as blob paths.
    private func objects(_ bucket: S3Client) async throws -> Set<String> {
        Set(try await bucket.list(prefix: "prod/").map { String($0.key.dropFirst("prod/".count)) })
    }

    private func jpegPaths(_ hexes: [String]) -> Set<String> {
        Set(hexes.compactMap { BlobName(hex: $0, format: .jpeg)?.path })
    }

    private func localMediaFiles(_ bot: BotHarness) -> [String] {
        let media = bot.dataDirectory.appendingPathComponent("media")
        return ((FileManager.default.enumerator(atPath: media.path)?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".pdf") }
    }

    @Test func theCapTheTimelineDeletionsAndOrphansThatWaitForBackups() async throws {
        let clock = ShiftedClock()
        let (bot, bucket) = try await startBot(clock: clock)
        try await run(bot) {
            let (vera, _) = try await diary.startedUser(bot)
            try await JourneyDays(bot: bot, clock: clock, user: vera).completePlanting()
            // Given ten photos on ten program days: the diary is full
            for day in 1...10 {
                clock.advance(by: 86_400)
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day, width: 320), from: vera)
                try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("сохранено — \(day) из 10") == true } }
            }
            let full = try await bot.runtime.database.photoDiary(of: vera.id).photos
            // When an eleventh comes, she replaces the third photo with it
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 11, width: 320), from: vera)
            try await diary.waitFor(bot, vera) { $0.last?.text?.contains("В дневнике уже 10 фото") == true }
            let offer = try #require(await bot.emulator.messages(in: vera.chatID).last)
            let replace = try #require(offer.buttons.flatMap { $0 }[2].callbackData)
            await bot.emulator.pressButton(replace, on: offer.messageID, from: vera)
            try await diary.waitFor(bot, vera) { $0.last?.text?.contains("заняло место фото №3") == true }
            // And asks for a timeline
            await bot.emulator.sendText("/timeline", from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.kind == .photo && $0.caption?.contains("фото") == true } }
            let timeline = try #require(await bot.emulator.messages(in: vera.chatID).last { $0.kind == .photo })
            let timelineFile = try #require(timeline.fileID)
            let timelineBytes = try #require(await bot.emulator.downloadFile(fileID: timelineFile))
            #expect(timelineBytes.starts(with: [0xFF, 0xD8]))
            // And deletes her first photo in the gallery
            try await deleteFirstPhoto(bot, vera)

            // Then the diary holds nine photos, each with its two objects in the bucket and nothing on the local disk
            let kept = try await bot.runtime.database.photoDiary(of: vera.id).photos
            #expect(kept.count == 9)
            let stored = try await objects(bucket)
            #expect(jpegPaths(kept.flatMap { [$0.sha256, $0.thumbSHA256] }).isSubset(of: stored))
            #expect(localMediaFiles(bot).isEmpty, "\(localMediaFiles(bot))")
            let gone = full.filter { photo in !kept.contains { $0.id == photo.id } }
            #expect(gone.count == 2, "the replaced and the deleted photo")
            let goneObjects = jpegPaths(gone.flatMap { [$0.sha256, $0.thumbSHA256] })
            #expect(goneObjects.isSubset(of: stored), "nothing is deleted before the collector decides")

            // When the collector runs while a backup taken before the deletions is retained (S3: it holds rows, not blobs)
            let blobs = bot.runtime.blobs
            #expect(!MediaStorage.backupsHoldBlobs(of: blobs))
            let backupTaken = clock.now().addingTimeInterval(-60)
            let policy = BlobCollectionPolicy(uploadWindow: 3_600, backupsCarryMedia: false, retentionPeriod: 8 * 86_400)
            let held = BlobCollector(database: bot.runtime.database, blobs: blobs, policy: policy, retainedBackups: { [backupTaken] })
            let first = try await held.collect(now: clock.now())
            let later = try await held.collect(now: clock.now().addingTimeInterval(7_200))
            // Then the unreferenced blobs (two photos and the stale timeline) are noted but kept for the backup
            #expect(first.unreferenced == 5 && first.deleted == 0, "\(first)")
            #expect(later.deleted == 0, "\(later)")
            #expect(goneObjects.isSubset(of: try await objects(bucket)))

            // When that backup is no longer retained
            let free = BlobCollector(database: bot.runtime.database, blobs: blobs, policy: policy, retainedBackups: { [] })
            let collected = try await free.collect(now: clock.now().addingTimeInterval(7_200))
            // Then they go from the bucket and every kept photo stays
            #expect(collected.deleted == 5, "\(collected)")
            let after = try await objects(bucket)
            #expect(goneObjects.isDisjoint(with: after))
            #expect(jpegPaths(kept.flatMap { [$0.sha256, $0.thumbSHA256] }).isSubset(of: after))
            #expect(after.count == 18, "\(after.count) objects: the nine photos and their thumbnails")
        }
    }

    /// /photos → "Удалить фото" → the first photo → yes.
    private func deleteFirstPhoto(_ bot: BotHarness, _ vera: SimulatedUser) async throws {
        let before = await bot.emulator.messages(in: vera.chatID).count
        await bot.emulator.sendText("/photos", from: vera)
        try await diary.waitFor(bot, vera) { $0.count > before && $0.last?.buttons.flatMap { $0 }.contains { $0.text == "Удалить фото" } == true }
        let summary = try #require(await bot.emulator.messages(in: vera.chatID).last)
        let delete = try #require(summary.buttons.flatMap { $0 }.first { $0.text == "Удалить фото" }?.callbackData)
        for step in 0..<2 {
            let count = await bot.emulator.messages(in: vera.chatID).count
            let message = step == 0 ? summary : try #require(await bot.emulator.messages(in: vera.chatID).last)
            let button = step == 0 ? delete : try #require(message.buttons.flatMap { $0 }.first?.callbackData)
            await bot.emulator.pressButton(button, on: message.messageID, from: vera)
            try await diary.waitFor(bot, vera) { $0.count > count }
        }
        let confirm = try #require(await bot.emulator.messages(in: vera.chatID).last)
        #expect(confirm.text?.contains("Вернуть его будет нельзя") == true)
        await bot.emulator.pressButton(try #require(confirm.buttons.flatMap { $0 }.first?.callbackData),
                                       on: confirm.messageID, from: vera)
        try await diary.waitFor(bot, vera) { $0.last?.text?.contains("удалено. В дневнике 9 из 10") == true }
    }

    @Test func thePracticeDiaryPDFIsMadeFromTheBucketAndKeptThere() async throws {
        let (bot, bucket) = try await startBot()
        try await run(bot) {
            let (vera, _) = try await diary.startedUser(bot)
            for day in [1, 5] {
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day), from: vera)
                try await diary.waitFor(bot, vera) { $0.filter { $0.text?.contains("сохранено") == true }.count == (day == 1 ? 1 : 2) }
            }
            // When she asks for her diary
            await bot.emulator.sendText("/diary", from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.kind == .document } }
            // Then the PDF she gets holds both photos, and it is an object in the bucket, not a local file
            let document = try #require(await bot.emulator.messages(in: vera.chatID).last { $0.kind == .document })
            #expect(document.caption?.contains("2 фото") == true)
            let documentID = try #require(document.fileID)
            let file = try #require(await bot.emulator.file(id: documentID))
            #expect(file.data.starts(with: Data("%PDF".utf8)))
            let pdfs = try await objects(bucket).filter { $0.hasSuffix(".pdf") }
            #expect(pdfs == [BlobName(key: BlobKey.of(file.data), format: .pdf).path])
            #expect(localMediaFiles(bot).isEmpty)
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: bot.dataDirectory.appendingPathComponent("s3-work").path)) ?? []).isEmpty)
        }
    }

    @Test func aByteCapAndAFullBudgetRefuseTheNextPhotoKindly() async throws {
        let (bot, bucket) = try await startBot(environment: ["SOGRETO_MEDIA_BUDGET_MB": "1"])
        try await run(bot) {
            let (vera, _) = try await diary.startedUser(bot)
            let (anna, _) = try await diary.startedUser(bot, language: "en")
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 1, width: 320), from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("сохранено") == true } }
            // When an admin caps Vera's media at what she has, she sends another photo
            _ = try await bot.runtime.database.setQuota(userID: vera.id, change: MediaQuota.Change(maxBytes: 1), actor: "test",
                                                        now: Date())
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 2, width: 320), from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("больше нет места") == true } }
            // When the store's rows reach the 1 MB budget, Anna sends one
            try await bot.runtime.sqliteWriter.write { db in
                try db.execute(sql: """
                    INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format,
                                       green_coverage, created_at)
                    VALUES (?, 1, ?, ?, 2000000, 1600, 1200, 'jpeg', 0.1, CURRENT_TIMESTAMP)
                    """, arguments: [vera.id, String(repeating: "a", count: 64), String(repeating: "b", count: 64)])
            }
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 3, width: 320), from: anna)
            try await diary.waitFor(bot, anna) { $0.contains { $0.text?.contains("space for pictures has run out") == true } }
            // Then only Vera's first photo reached the bucket
            try await bot.settle()
            #expect(try await bot.runtime.database.photoDiary(of: anna.id).photos.isEmpty)
            #expect(try await objects(bucket).count == 2)
        }
    }

    @Test func theNinetyPercentAlertComesRightAfterTheUploadExactlyAsOnTheFolder() async throws {
        // The same story on the folder and on a bucket: the admins' alerts must read the same
        let onFolder = try await budgetAlertStory(inBucket: false)
        let onBucket = try await budgetAlertStory(inBucket: true)
        #expect(onFolder.count == 1 && onBucket == onFolder, "folder: \(onFolder), bucket: \(onBucket)")
        #expect(onBucket.first?.hasPrefix("⚠️ Медиа заняли 9") == true, "\(onBucket)")
    }

    /// A 1 MB budget just under 90 % used; Vera sends a photo (over 90 %), then the watch looks again. Returns
    /// what the admin was sent. Nothing moves the clock: the upload itself has the budget checked.
    private func budgetAlertStory(inBucket: Bool) async throws -> [String] {
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(maxLongPollTimeout: 1))
        let admin = await emulator.newUser(firstName: "Оператор", languageCode: "ru")
        var environment = ["SOGRETO_MEDIA_BUDGET_MB": "1", "SOGRETO_ADMIN_IDS": "\(admin.id)"]
        var bucket: S3Client?
        if inBucket {
            let settings = try await MotoServer.shared().makeBucket(prefix: "prod/")
            environment.merge([
                "SOGRETO_S3_ENDPOINT": settings.endpoint.absoluteString, "SOGRETO_S3_BUCKET": settings.bucket,
                "SOGRETO_S3_ACCESS_KEY_ID": settings.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": settings.secretAccessKey,
                "SOGRETO_S3_PATH_STYLE": "true", "SOGRETO_S3_PREFIX": "prod",
            ]) { $1 }
            bucket = try S3Client(settings: settings)
        }
        let bot = try await BotHarness.start(emulator: emulator, environment: environment)
        var alerts: [String] = []
        try await run(bot) {
            let (vera, _) = try await diary.startedUser(bot)
            // Given 943,000 bytes stored of 1,048,576: a byte under 90 %
            try await bot.runtime.sqliteWriter.write { db in
                try db.execute(sql: """
                    INSERT INTO photos(user_id, day, sha256, thumb_sha256, bytes, width, height, source_format,
                                       green_coverage, created_at)
                    VALUES (?, 1, ?, ?, 943000, 1600, 1200, 'jpeg', 0.1, CURRENT_TIMESTAMP)
                    """, arguments: [vera.id, String(repeating: "a", count: 64), String(repeating: "b", count: 64)])
            }
            // When Vera's photo takes the store past 90 %
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 2, width: 320), from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("сохранено") == true } }
            // Then the admin is alerted within seconds (the watch's own round is a minute away)
            alerts = try await emulator.waitForMessages(in: admin.chatID, count: 1, timeout: .seconds(15)).compactMap(\.text)
            // And another check above the line does not alert again
            await bot.runtime.budgetWatch?.check()
            try await bot.settle()
            alerts = await emulator.messages(in: admin.chatID).compactMap(\.text)
            if let bucket {
                let photos = try await bot.runtime.database.photoDiary(of: vera.id).photos
                    .filter { $0.sha256 != String(repeating: "a", count: 64) }
                #expect(photos.count == 1)
                #expect(try await objects(bucket) == jpegPaths(photos.flatMap { [$0.sha256, $0.thumbSHA256] }))
                #expect(localMediaFiles(bot).isEmpty)
            }
        }
        return alerts
    }

    /// Vera past planting with photos of days 1 and 6 in the bucket: what a render needs.
    private func plantedUserWithTwoPhotos(_ bot: BotHarness, clock: ShiftedClock) async throws -> SimulatedUser {
        let (vera, _) = try await diary.startedUser(bot)
        try await JourneyDays(bot: bot, clock: clock, user: vera).completePlanting()
        for (day, shift) in [(1, 1), (6, 5)] {
            clock.advance(by: Double(shift) * 86_400)
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day, width: 800), from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("Фото дня \(day) сохранено") == true } }
        }
        return vera
    }

    @Test func aRenderThatMeetsAFailingBucketIsRetriedAndSentOnce() async throws {
        let moto = try await MotoServer.shared()
        let proxy = try FaultProxy(upstreamPort: moto.port)
        defer { proxy.stop() }
        let clock = ShiftedClock()
        let (bot, bucket) = try await startBot(clock: clock, proxy: proxy)
        try await run(bot) {
            let vera = try await plantedUserWithTwoPhotos(bot, clock: clock)
            let photosBefore = try await objects(bucket)
            // Given a bucket whose downloads fail (503) more often than one attempt retries
            proxy.script(Array(repeating: .status(503), count: 4), method: "GET")
            // When she asks for a timeline, then it arrives once, made on the second attempt
            try await timelineArrivesOnceOnTheSecondAttempt(bot, vera, bucket: bucket, clock: clock,
                                                            photosBefore: photosBefore)
        }
    }

    @Test func anIngestThatMeetsSlowAnswersAndDroppedConnectionsIsRetriedAndStoredOnce() async throws {
        let moto = try await MotoServer.shared()
        let proxy = try FaultProxy(upstreamPort: moto.port)
        defer { proxy.stop() }
        let (bot, bucket) = try await startBot(proxy: proxy, impatient: true)
        try await run(bot) {
            let (vera, seen) = try await diary.startedUser(bot)
            // Given a bucket whose uploads answer too late, then drop the connection (the task's
            // first attempt gives up), then store an upload but lose the answer
            proxy.script([.delay(seconds: 3.5), .drop, .dropAnswer], method: "PUT")
            proxy.script([.drop], method: "HEAD")
            // When Vera sends a photo
            try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("сохранено — 1 из 10") == true } }
            try await bot.settle()
            // Then the task was retried, she is answered once, and each blob is stored once
            let tasks = try await bot.runtime.database.mediaTasks(userID: vera.id)
            #expect(tasks.count == 1 && tasks.last?.state == "done" && tasks.last?.attempts == 2, "\(tasks)")
            let replies = await bot.emulator.messages(in: vera.chatID).dropFirst(seen)
            #expect(replies.filter { $0.text?.contains("сохранено") == true }.count == 1)
            #expect(!replies.contains { $0.text == bot.runtime.strings.text("photo_task_failed", "ru") })
            let photos = try await bot.runtime.database.photoDiary(of: vera.id).photos
            #expect(photos.count == 1)
            #expect(try await objects(bucket) == jpegPaths(photos.flatMap { [$0.sha256, $0.thumbSHA256] }))
            #expect(proxy.requests.filter { $0.hasPrefix("PUT") }.count >= 4, "\(proxy.requests)")
        }
    }

    @Test func aRenderThatMeetsSlowAnswersAndDroppedConnectionsIsRetriedAndSentOnce() async throws {
        let moto = try await MotoServer.shared()
        let proxy = try FaultProxy(upstreamPort: moto.port)
        defer { proxy.stop() }
        let clock = ShiftedClock()
        let (bot, bucket) = try await startBot(clock: clock, proxy: proxy, impatient: true)
        try await run(bot) {
            let vera = try await plantedUserWithTwoPhotos(bot, clock: clock)
            let photosBefore = try await objects(bucket)
            // Given a bucket whose first download answers too late and whose second is cut halfway
            // (the render's first attempt gives up), and whose next upload loses its connection
            proxy.script([.delay(seconds: 3.5), .truncateAnswer], method: "GET")
            proxy.script([.drop], method: "PUT")
            // When she asks for a timeline, then it arrives once, made on the second attempt
            try await timelineArrivesOnceOnTheSecondAttempt(bot, vera, bucket: bucket, clock: clock,
                                                            photosBefore: photosBefore)
            #expect(proxy.requests.filter { $0.hasPrefix("GET") }.count >= 3, "\(proxy.requests)")
        }
    }

    @Test func aRenderThatKeepsFailingGetsAKindReplyAndLosesNothing() async throws {
        let moto = try await MotoServer.shared()
        let proxy = try FaultProxy(upstreamPort: moto.port)
        defer { proxy.stop() }
        let clock = ShiftedClock()
        let (bot, bucket) = try await startBot(clock: clock, proxy: proxy)
        try await run(bot) {
            let vera = try await plantedUserWithTwoPhotos(bot, clock: clock)
            let photosBefore = try await objects(bucket)
            // Given a bucket whose downloads fail through every attempt of the render (3 tasks × 4 requests)
            proxy.script(Array(repeating: .status(503), count: 12), method: "GET")
            // When she asks for a collage
            await bot.emulator.sendText("/collage", from: vera)
            let failure = bot.runtime.strings.text("photo_task_failed", "ru")
            try await advanceUntil(bot, vera, clock: clock) { $0.contains { $0.text == failure } }
            // Then she is told kindly, once, and her photos are all still there
            #expect(await bot.emulator.messages(in: vera.chatID).filter { $0.text == failure }.count == 1)
            #expect(try await objects(bucket) == photosBefore)
            #expect(try await bot.runtime.database.photoDiary(of: vera.id).photos.count == 2)
            // And once the bucket answers again, the collage comes
            await bot.emulator.sendText("/collage", from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.kind == .photo } }
            #expect(await bot.emulator.messages(in: vera.chatID).filter { $0.kind == .photo }.count == 1)
        }
    }

    @Test func withAReadCacheTheCollageTimelineAndPracticeDiaryDownloadEachPhotoOnce() async throws {
        let moto = try await MotoServer.shared()
        let proxy = try FaultProxy(upstreamPort: moto.port)
        defer { proxy.stop() }
        let clock = ShiftedClock()
        let (bot, _) = try await startBot(clock: clock, proxy: proxy, environment: ["SOGRETO_S3_READ_CACHE_MB": "16"])
        try await run(bot) {
            let (vera, _) = try await diary.startedUser(bot)
            try await JourneyDays(bot: bot, clock: clock, user: vera).completePlanting()
            for (day, shift) in [(1, 1), (6, 5), (12, 6)] {
                clock.advance(by: Double(shift) * 86_400)
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day, width: 800), from: vera)
                try await diary.waitFor(bot, vera) { $0.contains { $0.text?.contains("Фото дня \(day) сохранено") == true } }
            }
            // When she asks for a collage, a timeline and her diary, each made from her photos
            for (index, command) in ["/collage", "/timeline"].enumerated() {
                await bot.emulator.sendText(command, from: vera)
                try await diary.waitFor(bot, vera) { $0.filter { $0.kind == .photo }.count == index + 1 }
            }
            await bot.emulator.sendText("/diary", from: vera)
            try await diary.waitFor(bot, vera) { $0.contains { $0.kind == .document } }
            // Then each photo was downloaded from the bucket at most once, and the cache kept its bound
            let photos = try await bot.runtime.database.photoDiary(of: vera.id).photos
            #expect(photos.count == 3)
            for photo in photos {
                let gets = proxy.requests.filter { $0.hasPrefix("GET ") && $0.contains(photo.sha256) }.count
                #expect(gets <= 1, "photo \(photo.sha256) was downloaded \(gets) times")
            }
            #expect(proxy.requests.contains { $0.hasPrefix("GET ") && $0.contains(photos[0].sha256) }, "the renders read the bucket")
            let cache = try #require(bot.runtime.blobs as? ReadCachedBlobStore).cache
            #expect(cache.bytes > 0 && cache.bytes <= 16 << 20)
        }
    }

    /// Waits until the render's first attempt has failed, then moves the clock past its retry.
    /// Vera asks for a timeline while the bucket fails as scripted (the retry is due 2 s later: the
    /// clock moves on); it must arrive once, with nothing else said, lost or stored twice.
    private func timelineArrivesOnceOnTheSecondAttempt(_ bot: BotHarness, _ vera: SimulatedUser, bucket: S3Client,
                                                       clock: ShiftedClock, photosBefore: Set<String>) async throws {
        await bot.emulator.sendText("/timeline", from: vera)
        try await waitForRetry(bot, vera, clock: clock)
        try await diary.waitFor(bot, vera) { $0.contains { $0.kind == .photo } }
        try await bot.settle()
        let messages = await bot.emulator.messages(in: vera.chatID)
        #expect(messages.filter { $0.kind == .photo }.count == 1)
        #expect(!messages.contains { $0.text == bot.runtime.strings.text("photo_task_failed", "ru") })
        let tasks = try await bot.runtime.database.mediaTasks(userID: vera.id)
        #expect(tasks.last?.state == "done" && tasks.last?.attempts == 2, "\(tasks)")
        let after = try await objects(bucket)
        #expect(photosBefore.isSubset(of: after) && after.count == photosBefore.count + 1, "\(after)")
        #expect(try await bot.runtime.database.renderCount(userID: vera.id) == 1)
    }

    private func waitForRetry(_ bot: BotHarness, _ vera: SimulatedUser, clock: ShiftedClock) async throws {
        let failedOnce = try await eventually(within: .seconds(30)) {
            try await bot.runtime.database.mediaTasks(userID: vera.id).contains { $0.attempts >= 1 && $0.state == "pending" }
        }
        #expect(failedOnce, "the render's first attempt did not fail")
        if failedOnce { clock.advance(by: 10) }
    }

    /// Moves the clock a minute at a time (past each retry) until the chat satisfies `condition`.
    private func advanceUntil(_ bot: BotHarness, _ vera: SimulatedUser, clock: ShiftedClock,
                              _ condition: ([BotMessage]) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if condition(await bot.emulator.messages(in: vera.chatID)) { return }
            clock.advance(by: 60)
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out")
    }
}

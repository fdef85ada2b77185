import Foundation
import PostgresTestSupport
import S3
import S3TestSupport
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// SOGRETO_RETENTION_INACTIVE_DAYS through the real bot, the emulator and the injected clock: one
/// warning two weeks before, in each user's language; a user who comes back keeps everything;
/// at the day the media of the one who did not are erased (a photo held while her diary was full
/// too), their blobs deleted, the run audited. On SQLite with local media or a bucket, and on
/// PostgreSQL with a bucket.
@Suite(.serialized) struct RetentionEndToEndTests {
    static let day: TimeInterval = 86_400

    /// A clock at the next 12:00 in Moscow (the users' zone), so no step lands in quiet hours,
    /// which hold the warning (and reminders) until the morning.
    static func noonInMoscow() -> ShiftedClock {
        let clock = ShiftedClock()
        let now = clock.now().timeIntervalSince1970
        let noon = now - now.truncatingRemainder(dividingBy: day) + 9 * 3600
        clock.advance(by: (noon > now ? noon : noon + day) - now)
        return clock
    }

    @Test func inactiveUsersAreWarnedOnceAndOnlyTheOneWhoStaysAwayLosesHerPhotosOnLocalMedia() async throws {
        let clock = Self.noonInMoscow()
        let bot = try await BotHarness.start(clock: clock, environment: ["SOGRETO_RETENTION_INACTIVE_DAYS": "30"])
        do {
            try await retentionJourney(bot, clock: clock) { hexes in
                ForgetEndToEndTests.files(in: bot.dataDirectory.appendingPathComponent("media"), named: Array(hexes)).count
            }
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test(.enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
    func retentionDeletesTheBlobsFromTheBucket() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let bucket = try S3Client(settings: settings)
        let clock = Self.noonInMoscow()
        var environment = PrivacyS3EndToEndTests.bucketEnvironment(settings)
        environment["SOGRETO_RETENTION_INACTIVE_DAYS"] = "30"
        let bot = try await BotHarness.start(clock: clock, environment: environment)
        do {
            try await retentionJourney(bot, clock: clock) { hexes in
                try await PrivacyS3EndToEndTests.objects(bucket, naming: hexes).count
            }
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test(.enabled(if: PostgresTestCluster.isAvailable && MotoServer.isInstalled,
                   "needs PostgreSQL's server binaries and moto_server (scripts/install-deps installs them): skipped"))
    func retentionOnPostgreSQLWarnsErasesAuditsAndDeletesTheBlobsFromTheBucket() async throws {
        let database = try await PostgresTestCluster.shared().newDatabase()
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let bucket = try S3Client(settings: settings)
        let clock = Self.noonInMoscow()
        var environment = PrivacyS3EndToEndTests.bucketEnvironment(settings)
        environment["SOGRETO_RETENTION_INACTIVE_DAYS"] = "30"
        let bot = try await BotHarness.start(clock: clock, environment: environment, postgresURL: database.url)
        do {
            #expect(bot.runtime.sqlite == nil, "the bot runs on PostgreSQL")
            try await retentionJourney(bot, clock: clock) { hexes in
                try await PrivacyS3EndToEndTests.objects(bucket, naming: hexes).count
            }
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    @Test func aRunCutShortAfterItsErasureIsFinishedWhenTheBotStartsAgain() async throws {
        let clock = Self.noonInMoscow()
        let environment = ["SOGRETO_RETENTION_INACTIVE_DAYS": "30"]
        let first = try await BotHarness.start(clock: clock, environment: environment)
        let directory = first.dataDirectory, emulator = first.emulator
        let vera: SimulatedUser
        let blobs: Set<String>
        do {
            vera = try await veraWithAWishAndTwoPhotos(first, wish: "keep")
            try await first.settle()
            blobs = try await PrivacyS3EndToEndTests.blobKeys(of: vera.id, first)
        } catch {
            await first.stop()
            throw error
        }
        await first.stop(emulatorToo: false)
        func filesLeft() -> Int {
            ForgetEndToEndTests.files(in: directory.appendingPathComponent("media"), named: Array(blobs)).count
        }
        // Given runs that warned and then erased in the store, killed before the blobs were deleted
        // and before the warning went out
        let store = try AppDatabase.open(at: directory.appendingPathComponent("sogreto.sqlite"))
        let strings = try BotStrings.load(from: repositoryRoot.appendingPathComponent("assets/locales"))
        let retention = MediaRetention(inactiveDays: 30, database: store, strings: strings)
        clock.advance(by: 16 * Self.day)
        #expect(try await retention.run(now: clock.now()).warned == 1)
        clock.advance(by: 14 * Self.day + 3600)
        #expect(try await retention.run(now: clock.now()).erased.count == 1)
        #expect(filesLeft() == 4)
        // When the bot starts again on the same data
        let second = try await BotHarness.start(emulator: emulator, dataDirectory: directory, clock: clock,
                                                environment: environment)
        do {
            // Then the erase task deletes the blobs, the one warning goes out, and nothing is done twice
            #expect(try await eventually { filesLeft() == 0 }, "the blobs are deleted after the restart")
            _ = try await warning(in: vera, second, containing: "Давно не виделись")
            #expect(await second.runtime.retention?.runOnce() == RetentionRun(warned: 0, erased: []))
            try await second.settle()
            #expect(await emulator.messages(in: vera.chatID).filter { $0.text?.contains("Давно не виделись") == true }.count == 1)
            let erasures = try await second.runtime.database.auditLog().filter { $0.action == "retention.erase" }
            #expect(erasures.count == 1)
        } catch {
            await second.stop()
            throw error
        }
        await second.stop()
    }

    /// `stored(hexes)`: how many of these blobs the blob store still holds (files or objects).
    private func retentionJourney(_ bot: BotHarness, clock: ShiftedClock,
                                  stored: (Set<String>) async throws -> Int) async throws {
        let retention = try #require(bot.runtime.retention)
        // Given Вера (ru) with two photos and a third held while her diary is full, and Anna (en)
        // with one, both last seen today
        let vera = try await veraWithAWishAndTwoPhotos(bot, wish: nil)
        try await bot.settle()
        try await sendPhotoToAFullPhotoDiary(vera, day: 9, bot)
        let anna = await bot.emulator.newUser(firstName: "Anna", languageCode: "en")
        await bot.emulator.sendText("/start mg-1", from: anna)
        _ = try await bot.replies(to: anna, count: 1)
        try await bot.settle()
        // /privacy says how long photos are kept without a visit
        var annaSeen = await bot.emulator.messages(in: anna.chatID).count
        await bot.emulator.sendText("/privacy", from: anna)
        let privacy = try #require(try await bot.replies(to: anna, count: annaSeen + 1).last?.text)
        #expect(privacy.contains("don’t come back for 30 days") && privacy.contains("warn you two weeks before"))
        annaSeen += 1
        try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 7), from: anna)
        _ = try await bot.replies(to: anna, count: annaSeen + 1)
        try await bot.settle()
        let veraBlobs = try await mediaBlobs(of: vera.id, bot)
        let storedBefore = try await stored(veraBlobs)
        #expect(veraBlobs.count == 6 && storedBefore == 6, "two photos and the held one, each with its thumbnail")

        // When 16 days less an hour pass: no warning yet
        clock.advance(by: 16 * Self.day - 3600)
        #expect(await retention.runOnce()?.warned == 0)
        // When the 16th day comes, the scheduled run warns each of them once, in her language
        clock.advance(by: 2 * 3600)
        let ru = try await warning(in: vera, bot, containing: "Давно не виделись")
        let en = try await warning(in: anna, bot, containing: "It’s been a while")
        for text in [ru, en] { #expect(text.contains("/export") && text.contains("30")) }
        #expect(await retention.runOnce()?.warned == 0)

        // When Anna comes back a week later and Вера does not
        clock.advance(by: 7 * Self.day)
        let annaBefore = await bot.emulator.messages(in: anna.chatID).count
        await bot.emulator.sendText("/photos", from: anna)
        _ = try await bot.replies(to: anna, count: annaBefore + 1)
        try await bot.settle()
        // Then a day before the end nothing is erased
        clock.advance(by: 6 * Self.day)
        #expect(await retention.runOnce()?.erased.isEmpty == true)
        // and at the day Вера's photos are erased and their blobs deleted, and not Anna's (this run or
        // the scheduled one, whichever comes first: each erasure happens once)
        clock.advance(by: Self.day + 3600)
        await retention.runOnce()
        #expect(try await eventually(within: .seconds(60)) { try await stored(veraBlobs) == 0 }, "Вера's blobs are deleted")
        #expect(try await bot.runtime.database.photoCount(userID: vera.id) == 0)
        #expect(try await bot.runtime.database.photoDiary(of: vera.id).held.isEmpty, "the held photo went too")
        #expect(try await bot.runtime.database.user(vera.id) != nil, "only media go")
        #expect(try await bot.runtime.database.photoCount(userID: anna.id) == 1)
        // and each was warned only once
        try await bot.settle()
        for (user, marker) in [(vera, "Давно не виделись"), (anna, "It’s been a while")] {
            #expect(await bot.emulator.messages(in: user.chatID).filter { $0.text?.contains(marker) == true }.count == 1)
        }
        // and the erasure is audited for her, with counts only
        let erasures = try await bot.runtime.database.auditLog().filter { $0.action == "retention.erase" }
        #expect(erasures.map(\.target) == ["user:\(vera.id)"] && erasures.first?.actor == MediaRetention.actor)
        #expect(erasures.first?.detail?.contains("\"photos\":3") == true, "\(erasures)")
        // and the runs are in the erasure report
        let report = try await bot.runtime.database.privacyReport(monthStart: clock.now().addingTimeInterval(-60 * Self.day))
        #expect(report.retentionRuns.allSatisfy { $0.actor == MediaRetention.actor })
        #expect(report.retentionRuns.contains { $0.detail?.contains("\"warned\":") == true && $0.detail?.contains("\"warned\":0") == false })
        #expect(report.retentionRuns.first?.detail?.contains("\"erased_users\":1") == true, "\(report.retentionRuns)")
    }

    private func warning(in user: SimulatedUser, _ bot: BotHarness, containing marker: String) async throws -> String {
        let found = try await eventualValue(within: .seconds(60)) {
            await bot.emulator.messages(in: user.chatID).last { $0.text?.contains(marker) == true }?.text
        }
        return try #require(found, "the retention warning reaches \(user.firstName)")
    }
}

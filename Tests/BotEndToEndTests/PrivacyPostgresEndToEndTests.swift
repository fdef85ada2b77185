import Foundation
import PostgresTestSupport
import S3
import S3TestSupport
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// /export and /forget with the bot on PostgreSQL and media in a bucket (moto): the archive holds
/// the photos read from the bucket (one held while the diary was full too), and erasure leaves
/// nothing of her in the database but the tombstone and deletes her objects from the bucket.
@Suite(.serialized, .enabled(if: PostgresTestCluster.isAvailable && MotoServer.isInstalled,
                             "needs PostgreSQL's server binaries and moto_server (scripts/install-deps installs them): skipped"))
struct PrivacyPostgresEndToEndTests {
    @Test func exportThenForgetOnPostgreSQLWithMediaInABucket() async throws {
        let database = try await PostgresTestCluster.shared().newDatabase()
        let settings = try await MotoServer.shared().makeBucket(prefix: "prod/")
        let bucket = try S3Client(settings: settings)
        let bot = try await BotHarness.start(environment: PrivacyS3EndToEndTests.bucketEnvironment(settings),
                                             postgresURL: database.url)
        do {
            #expect(bot.runtime.sqlite == nil, "the bot runs on PostgreSQL")
            // Given Вера with a wish, two photos, one more held while her diary is full, and a collage
            let secret = "pg-wish-\(UUID().uuidString.prefix(8))"
            let vera = try await veraWithAWishAndTwoPhotos(bot, wish: nil)
            try setWish(secret, of: vera.id, in: database)
            try await bot.settle()
            try await sendPhotoToAFullPhotoDiary(vera, day: 9, bot)
            var seen = await bot.emulator.messages(in: vera.chatID).count
            await bot.emulator.sendText("/collage", from: vera)
            seen += 1
            _ = try await bot.replies(to: vera, count: seen)
            try await bot.settle()
            let hers = try await mediaBlobs(of: vera.id, bot)
            #expect(hers.count == 7, "three photos with their thumbnails, and the collage")
            #expect(try await PrivacyS3EndToEndTests.objects(bucket, naming: hers).count == hers.count)

            // When she exports, then the archive validates, with both photos, the held one and the collage
            await bot.emulator.sendText("/export", from: vera)
            seen += 1
            let archive = try #require(try await bot.replies(to: vera, count: seen).last)
            let fileID = try #require(archive.fileID)
            let file = try #require(await bot.emulator.file(id: fileID))
            let zip = FileManager.default.temporaryDirectory.appendingPathComponent("pg-export-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: zip) }
            try file.data.write(to: zip)
            let check = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/python3"), [
                repositoryRoot.appendingPathComponent("scripts/check-export.py").path, zip.path,
                repositoryRoot.appendingPathComponent("assets/export.schema.json").path, secret,
            ])
            #expect(check.status == 0, "\(check.output)\(check.errorOutput)")
            #expect(check.output.contains("photos=2") && check.output.contains("collage") && check.output.contains("held=1"),
                    "\(check.output)")

            // When she forgets
            await bot.emulator.sendText("/forget", from: vera)
            seen += 1
            let question = try #require(try await bot.replies(to: vera, count: seen).last)
            await bot.emulator.pressButton("pv:f", on: question.messageID, from: vera)
            seen += 1
            _ = try await bot.replies(to: vera, count: seen)
            await bot.emulator.sendText("УДАЛИТЬ", from: vera)
            seen += 1
            let farewell = try #require(try await bot.replies(to: vera, count: seen).last?.text)
            #expect(farewell.contains("3 фото"), "\(farewell)")
            // Then every object of hers is deleted from the bucket, and the store keeps only her tombstone
            #expect(try await eventually { try await PrivacyS3EndToEndTests.objects(bucket, naming: hers).isEmpty },
                    "her objects are deleted")
            let store = bot.runtime.database
            #expect(try await store.user(vera.id) == nil)
            #expect(try await store.mediaTasks(userID: vera.id).isEmpty)
            #expect(try await mediaBlobs(of: vera.id, bot).isEmpty)
            #expect(try await store.tombstones().map(\.userHash) == [Tombstone.hash(of: vera.id)])
            #expect(try await store.auditLog().contains { $0.action == "user.forget" })
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    /// Stores `wish` (letters, digits and dashes) in the user's progress behind the store's back, as
    /// the SQLite tests do.
    private func setWish(_ wish: String, of userID: Int64, in database: PostgresTestDatabase) throws {
        try database.cluster.runSQL("""
            UPDATE users SET progress = jsonb_set(progress::jsonb, '{wish}', to_jsonb('\(wish)'::text))::text WHERE id = \(userID)
            """, database: database.name)
    }
}

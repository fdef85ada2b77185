import Foundation
import GRDB
import S3
import S3TestSupport
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// /export and /forget with media in a bucket (moto): the archive holds the photos read from the
/// bucket, and erasure deletes from the bucket exactly the objects no one else uses.
@Suite(.serialized, .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
struct PrivacyS3EndToEndTests {
    @Test func exportHoldsThePhotosFromTheBucketAndForgetDeletesOnlyHerObjects() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let bot = try await BotHarness.start(environment: Self.bucketEnvironment(settings))
        do {
            try await exportThenForget(bot, bucket: try S3Client(settings: settings))
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }

    static func bucketEnvironment(_ settings: S3Settings) -> [String: String] {
        ["SOGRETO_S3_ENDPOINT": settings.endpoint.absoluteString, "SOGRETO_S3_BUCKET": settings.bucket,
         "SOGRETO_S3_ACCESS_KEY_ID": settings.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": settings.secretAccessKey,
         "SOGRETO_S3_PATH_STYLE": "true", "SOGRETO_S3_PREFIX": "prod"]
    }

    private func exportThenForget(_ bot: BotHarness, bucket: S3Client) async throws {
        // Given Вера with a wish, two photos, a collage and a PDF, and Olga with the same day-1 photo
        let secret = "bucket-wish-\(UUID().uuidString.prefix(8))"
        let vera = try await veraWithAWishAndTwoPhotos(bot, wish: secret)
        let olga = await bot.emulator.newUser(firstName: "Ольга", languageCode: "ru")
        await bot.emulator.sendText("/start mg-1", from: olga)
        _ = try await bot.replies(to: olga, count: 1)
        try await bot.settle()
        let olgaSeen = await bot.emulator.messages(in: olga.chatID).count
        try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 1), from: olga)
        _ = try await bot.replies(to: olga, count: olgaSeen + 1)
        var seen = await bot.emulator.messages(in: vera.chatID).count
        for command in ["/collage", "/diary"] {
            await bot.emulator.sendText(command, from: vera)
            seen += 1
            _ = try await bot.replies(to: vera, count: seen)
        }
        try await bot.settle()
        let hers = try await Self.blobKeys(of: vera.id, bot)
        let olgas = try await Self.blobKeys(of: olga.id, bot)
        let onlyHers = hers.subtracting(olgas)
        #expect(hers.count >= 6 && !olgas.isDisjoint(with: hers), "two photos, two thumbnails, collage, PDF; one shared")
        #expect(try await Self.objects(bucket, naming: onlyHers).count == onlyHers.count, "every one of her blobs is in the bucket")
        // Nothing of the media is on the local disk
        #expect(ForgetEndToEndTests.files(in: bot.dataDirectory.appendingPathComponent("media"), named: Array(hers)).isEmpty)

        // When she exports
        await bot.emulator.sendText("/export", from: vera)
        seen += 1
        let archive = try #require(try await bot.replies(to: vera, count: seen).last)
        #expect(archive.kind == .document)
        let fileID = try #require(archive.fileID)
        let file = try #require(await bot.emulator.file(id: fileID))
        let zip = bot.dataDirectory.appendingPathComponent("export.zip")
        try file.data.write(to: zip)
        // Then the archive validates and holds both photos (read from the bucket), the collage and the PDF
        let check = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/python3"), [
            repositoryRoot.appendingPathComponent("scripts/check-export.py").path, zip.path,
            repositoryRoot.appendingPathComponent("assets/export.schema.json").path, secret,
        ])
        #expect(check.status == 0, "\(check.output)\(check.errorOutput)")
        #expect(check.output.contains("photos=2"), "\(check.output)")
        #expect(check.output.contains("collage") && check.output.contains("diary"), "\(check.output)")

        // When she forgets
        await bot.emulator.sendText("/forget", from: vera)
        seen += 1
        let question = try #require(try await bot.replies(to: vera, count: seen).last)
        await bot.emulator.pressButton("pv:f", on: question.messageID, from: vera)
        seen += 1
        _ = try await bot.replies(to: vera, count: seen)
        await bot.emulator.sendText("УДАЛИТЬ", from: vera)
        seen += 1
        #expect(try await bot.replies(to: vera, count: seen).last?.text?.contains("/start") == true)
        // Then every object only she used is deleted from the bucket, and Olga's shared photo stays
        _ = try await eventually { try await Self.objects(bucket, naming: onlyHers).isEmpty }
        let left = try await Self.objects(bucket, naming: onlyHers)
        let tasks = try await bot.runtime.database.mediaTasks(userID: 0).map { "\($0.kind) \($0.state) \($0.attempts)" }
        #expect(left.isEmpty, "\(left); tasks: \(tasks)")
        #expect(try await Self.objects(bucket, naming: olgas).count == olgas.count)
        #expect(try await bot.runtime.database.photoCount(userID: olga.id) == 1)
    }

    /// The blob keys (hex) of a user's photos, thumbnails and renders.
    static func blobKeys(of userID: Int64, _ bot: BotHarness) async throws -> Set<String> {
        try await bot.runtime.sqliteWriter.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT sha256 FROM photos WHERE user_id = ?1 UNION SELECT thumb_sha256 FROM photos WHERE user_id = ?1
                UNION SELECT sha256 FROM renders WHERE user_id = ?1
                """, arguments: [userID]))
        }
    }

    /// The bucket's object keys named after one of `hexes`.
    static func objects(_ bucket: S3Client, naming hexes: Set<String>) async throws -> [String] {
        try await bucket.list(prefix: "prod/").map(\.key).filter { key in
            hexes.contains { key.contains($0) }
        }
    }
}

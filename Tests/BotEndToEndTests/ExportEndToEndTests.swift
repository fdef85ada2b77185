import Foundation
import GRDB
import Testing
import TelegramEmulator
@testable import Bot

/// /export through the real bot and the emulator: one ZIP that opens, whose data.json validates
/// against assets/export.schema.json, with every photo (no metadata), the collage and the PDF;
/// once a day. And archives over the limit come in parts that each open.
@Suite(.serialized) struct ExportEndToEndTests {
    @Test func exportSendsOneZipThatOpensAndValidatesThenOnlyOnceADay() async throws {
        try await withBot { bot in
            // Given Вера with a wish, two photos, a collage, a PDF diary and a photo held while her diary is full
            let secret = "silence-in-the-morning-\(UUID().uuidString.prefix(8))"
            let vera = try await veraWithAWishAndTwoPhotos(bot, wish: secret)
            var seen = await bot.emulator.messages(in: vera.chatID).count
            for command in ["/collage", "/diary"] {
                await bot.emulator.sendText(command, from: vera)
                seen += 1
                _ = try await bot.replies(to: vera, count: seen)
            }
            try await bot.settle()
            try await sendPhotoToAFullPhotoDiary(vera, day: 9, bot)
            seen = await bot.emulator.messages(in: vera.chatID).count

            // When she asks for her data
            await bot.emulator.sendText("/export", from: vera)
            seen += 1
            let reply = try #require(try await bot.replies(to: vera, count: seen).last)

            // Then one ZIP arrives that opens, with the README, data.json, both photos and the pictures
            #expect(reply.kind == .document)
            #expect(reply.fileName?.hasPrefix("Sogreto-export-") == true && reply.fileName?.hasSuffix(".zip") == true)
            let fileID = try #require(reply.fileID)
            let file = try #require(await bot.emulator.file(id: fileID))
            let zip = bot.dataDirectory.appendingPathComponent("export.zip")
            try file.data.write(to: zip)
            let test = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/unzip"), ["-t", zip.path])
            #expect(test.status == 0, "\(test.output)\(test.errorOutput)")
            let check = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/python3"), [
                repositoryRoot.appendingPathComponent("scripts/check-export.py").path, zip.path,
                repositoryRoot.appendingPathComponent("assets/export.schema.json").path, secret,
            ])
            #expect(check.status == 0, "\(check.output)\(check.errorOutput)")
            #expect(check.output.contains("photos=2"), "\(check.output)")
            #expect(check.output.contains("held=1"), "the held photo is theirs too: \(check.output)")
            #expect(check.output.contains("collage") && check.output.contains("diary"), "\(check.output)")

            // When she asks again the same day
            await bot.emulator.sendText("/export", from: vera)
            seen += 1
            // Then she is told kindly that it is once a day
            #expect(try await bot.replies(to: vera, count: seen).last?.text?.contains("завтра") == true)
        }
    }

    @Test func anArchiveOverTheLimitComesInPartsThatEachOpen() async throws {
        // Given files that together exceed the limit
        let entries = (1...5).map { StoredZip.Entry(name: "photos/0\($0).jpg", bytes: Data(repeating: UInt8($0), count: 40_000)) }
        // When split under a 100 KB limit
        let parts = ExportHandler.split(entries, limit: 100_000, modified: Date(timeIntervalSince1970: 1_790_000_000))
        // Then each part stays under it, the parts hold every file once, and each opens
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { $0.size <= 100_000 && $0.data.count == $0.size })
        #expect(parts.flatMap { $0.entries.map(\.name) } == entries.map(\.name))
        for (index, part) in parts.enumerated() {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("part-\(UUID().uuidString)-\(index).zip")
            defer { try? FileManager.default.removeItem(at: url) }
            try part.data.write(to: url)
            let test = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/unzip"), ["-t", url.path])
            #expect(test.status == 0, "\(test.output)\(test.errorOutput)")
        }
    }
}

import Foundation
import GRDB
import Reports
import Testing
import TelegramEmulator
@testable import Bot

/// The practice diary (PDF) through the real bot and the emulator: /diary makes the PDF off the update's
/// transaction, shows "sending a file…" meanwhile, sends `Sogreto-diary-<date>.pdf` with the
/// user's words and photos, and sends the same file again (cached) until the diary changes.
@Suite(.serialized) struct PracticeDiaryEndToEndTests {
    @Test func practiceDiarySendsThePDFWithTheUsersWordsAndPhotosThenReusesIt() async throws {
        try await withBot { bot in
            // Given Вера, who started, answered the planting question and sent two photos
            let vera = await bot.emulator.newUser(firstName: "Вера", languageCode: "ru")
            await bot.emulator.sendText("/start mg-1", from: vera)
            _ = try await bot.replies(to: vera, count: 1)
            try await bot.settle()
            try await bot.runtime.sqliteWriter.write { db in
                // Her answer, as the engine stores it, so the test does not depend on the step order
                try db.execute(sql: """
                    UPDATE users SET progress = json_set(progress, '$.wish', 'Тишину по утрам & <свет>') WHERE id = ?
                    """, arguments: [vera.id])
            }
            var seen = await bot.emulator.messages(in: vera.chatID).count
            for day in [1, 5] {
                try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day), from: vera)
                seen += 1
                _ = try await bot.replies(to: vera, count: seen)
            }

            // When she asks for her diary
            await bot.emulator.sendText("/diary", from: vera)
            let first = try #require(try await bot.replies(to: vera, count: seen + 1).last)
            seen += 1

            // Then the chat showed a file being prepared, and a PDF named with today's date arrived
            let actions = await bot.emulator.requestLog().filter { $0.method == "sendChatAction" }
            #expect(!actions.isEmpty)
            #expect(first.kind == .document)
            let name = try #require(first.fileName)
            #expect(name.hasPrefix("Sogreto-diary-") && name.hasSuffix(".pdf"))
            #expect(first.caption?.contains("2 фото") == true)
            let fileID = try #require(first.fileID)
            let file = try #require(await bot.emulator.file(id: fileID))
            #expect(file.data.starts(with: Data("%PDF".utf8)))
            let pdf = bot.dataDirectory.appendingPathComponent("sent.pdf")
            try file.data.write(to: pdf)
            let text = try await Subprocess.pdfText(pdf).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("Тишину по утрам & <свет>"), "the wish is in the PDF")
            #expect(text.contains("Вера"))
            // The PDF the user receives is valid: qpdf finds nothing, poppler says nothing
            let check = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/qpdf"), ["--check", pdf.path])
            #expect(check.status == 0 && check.errorOutput.isEmpty, "\(check.output)\(check.errorOutput)")
            let extraction = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/pdftotext"), [pdf.path, "-"])
            #expect(extraction.errorOutput.isEmpty, "\(extraction.errorOutput)")
            let images = try await Subprocess.run(URL(fileURLWithPath: "/usr/bin/pdfimages"), ["-list", pdf.path])
            let imageRows = images.output.split(separator: "\n").dropFirst(2).filter { $0.contains("jpeg") || $0.contains("image") }
            #expect(imageRows.count >= 2, "both photos are embedded: \(images.output)")

            // When she asks again with nothing changed
            let rendersBefore = try await renders(bot, vera.id)
            await bot.emulator.sendText("/diary", from: vera)
            let second = try #require(try await bot.replies(to: vera, count: seen + 1).last)
            // Then the same PDF comes back without a new render, by Telegram's file_id (no upload)
            #expect(second.kind == .document)
            #expect(try await renders(bot, vera.id) == rendersBefore)
            let uploads = await bot.emulator.requestLog().filter { $0.method == "sendDocument" }
            #expect(uploads.count == 2)
            #expect(uploads.last?.isMultipart == false, "the cached file_id was reused")
        }
    }

    @Test func someoneWhoHasNotStartedIsToldHowToBegin() async throws {
        try await withBot { bot in
            let anna = await bot.emulator.newUser(firstName: "Anna", languageCode: "en")
            await bot.emulator.sendText("/diary", from: anna)
            let reply = try #require(try await bot.replies(to: anna, count: 1).last)
            #expect(reply.text?.contains("/start") == true)
        }
    }

    private func renders(_ bot: BotHarness, _ userID: Int64) async throws -> Int {
        try await bot.runtime.database.userMedia(userID)?.renders.filter { $0.kind == "diary" }.count ?? 0
    }
}

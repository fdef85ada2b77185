import Foundation
import Logging
import Testing
import TelegramEmulator
import TestSupport
@testable import Bot

/// Erasure never needs to touch the logs: over a whole journey — answers, a wish, a photo with a
/// caption, a /contact message, /export and /forget — the bot's own log handler, at its most
/// talkative level, writes ids and numbers but never a word the user wrote.
@Suite(.serialized) struct LogPrivacyEndToEndTests {
    @Test func aWholeJourneyLeavesNoneOfTheUsersWordsInTheLog() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: logs) }
        let file = try RotatingFile(directory: logs, maxBytes: 500_000_000, maxFiles: 1)
        let logger = Logger(label: "e2e") { LineLogHandler(label: $0, level: .trace, sink: .file(file)) }
        let marker = "zephyr\(UUID().uuidString.prefix(8).lowercased())"
        var journey = try await JourneyDays.start(language: "ru", logger: logger)
        journey.answer = "Тишину по утрам \(marker)-answer"
        do {
            try await walk(journey, marker: marker)
        } catch {
            await journey.bot.stop()
            throw error
        }
        await journey.bot.stop()

        // Then the log has lines about the updates, and none of them holds her words
        let text = try String(contentsOf: logs.appendingPathComponent("sogreto.log"), encoding: .utf8)
        #expect(text.contains("media task done chat_id=\(journey.user.id) kind=ingest"), "the log is the bot's, at trace level")
        #expect(text.contains("kind=export"))
        #expect(!text.localizedCaseInsensitiveContains(marker), "a line with her words: \(Self.lines(of: text, with: marker))")
        #expect(!text.contains("Тишину по утрам"))
    }

    private func walk(_ journey: JourneyDays, marker: String) async throws {
        let bot = journey.bot, user = journey.user
        // Given a person who answers every step in her own words, to the manifesto
        try await journey.send("/start mg-2026-7")
        try await journey.send("/continue")
        try await journey.completePlanting()
        try await journey.send("мой вопрос \(marker)-free-text")
        let before = await journey.messages.count
        try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: 2), caption: "подпись \(marker)-caption", from: user)
        _ = try await bot.replies(to: user, count: before + 1)
        try await journey.walkToTheManifesto()
        // and writes to the team, exports, and erases everything
        try await journey.send("/contact")
        try await journey.send("письмо команде \(marker)-contact")
        try await journey.send("/export")
        // (the export waits behind her earlier media tasks; /forget must not erase it before it ran)
        #expect(try await eventually(within: .seconds(120)) {
            try await bot.runtime.database.mediaTasks(userID: user.id).contains { $0.kind == "export" && $0.state == "done" }
        })
        try await bot.settle()
        try await journey.send("/forget")
        try await journey.press("pv:f")
        try await journey.send("УДАЛИТЬ")
        try await bot.settle()
        #expect(try await bot.runtime.database.isErased(userID: user.id))
    }

    static func lines(of text: String, with marker: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.localizedCaseInsensitiveContains(marker) }.prefix(3).map { $0 }
    }
}

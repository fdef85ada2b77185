import TestSupport
import Foundation
import Logging
import Testing
@testable import Bot

@Suite struct RotatingFileTests {
    @Test func rotatesBySizeAndKeepsTheConfiguredNumberOfFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try RotatingFile(directory: directory, maxBytes: 1_000, maxFiles: 3)
        let line = String(repeating: "x", count: 99) + "\n"
        for _ in 0..<100 { file.write(line) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["sogreto.log", "sogreto.log.1", "sogreto.log.2"])
        for name in names {
            let size = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.size] as? Int
            #expect((size ?? 0) <= 1_000)
        }
    }

    @Test func logLinesCarryMetadataOnALineEach() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try RotatingFile(directory: directory, maxBytes: 1_000_000, maxFiles: 2)
        let logger = Logger(label: "test") { label in LineLogHandler(label: label, level: .info, sink: .file(file)) }
        logger.info("update processed", metadata: ["update_id": "7", "chat_id": "42"])
        logger.debug("hidden below the level")
        let text = try String(contentsOf: directory.appendingPathComponent("sogreto.log"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines[0].hasSuffix("info test: update processed chat_id=42 update_id=7"))
    }

    @Test func reopeningAppendsToTheExistingFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try RotatingFile(directory: directory, maxBytes: 1_000, maxFiles: 2).write("one\n")
        try RotatingFile(directory: directory, maxBytes: 1_000, maxFiles: 2).write("two\n")
        let text = try String(contentsOf: directory.appendingPathComponent("sogreto.log"), encoding: .utf8)
        #expect(text == "one\ntwo\n")
    }
}

@Suite struct TokenRedactionTests {
    @Test func tokensInURLsAndBareTokensAreRemoved() {
        let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
        #expect(TokenRedaction.redact("POST https://api.telegram.org/bot\(token)/sendMessage failed")
                == "POST https://api.telegram.org/bot<redacted>/sendMessage failed")
        #expect(TokenRedaction.redact("token \(token) leaked") == "token bot<redacted> leaked")
        #expect(TokenRedaction.redact("/file/bot42:short/photos/1.jpg") == "/file/bot<redacted>/photos/1.jpg")
        #expect(TokenRedaction.redact("two: bot1:a and BOT2:b") == "two: bot<redacted> and bot<redacted>")
    }

    @Test func ordinaryTextIsLeftAlone() {
        for text in ["at 12:30 the reminder", "Telegram refused sendMessage: 400 Bad Request: chat not found",
                     "chat_id=123456789 outbox_id=42", "2026-12-06T13:45:56Z info", "code 123456:short", ""] {
            #expect(TokenRedaction.redact(text) == text)
        }
    }
}

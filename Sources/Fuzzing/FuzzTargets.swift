import Admin
import Audio
import Bot
import Foundation
import Media
import Maintenance
import Program
import TelegramEmulator

/// Every parser of untrusted input, each fed the way production feeds it.
package enum FuzzTargets {
    package static let all: [FuzzTarget] = [
        telegramUpdate, botHTML, emulatorHTML, emulatorRequest, photoProbe, progressiveJPEG, mp3Probe,
        contentProgram, contentTexts, backupManifest, adminQuota,
    ]

    package static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    private static let jsonTokens = ["{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "-0", "1e309",
                                     "9223372036854775808", "\\u0000", "\\ud800", "\\\"", "[[[[[[[[", "{\"a\":"]

    /// A webhook body or a getUpdates answer, decoded as the bot decodes them.
    static let telegramUpdate = FuzzTarget(
        "telegram-update", "Telegram update JSON (webhook body and getUpdates answer)",
        tokens: jsonTokens + ["\"update_id\"", "\"message\"", "\"chat\"", "\"id\"", "\"photo\"", "\"document\"",
                              "\"callback_query\"", "\"data\"", "\"from\"", "\"text\"", "\"result\"", "\"ok\""]
    ) { _, _ in
        let decoder = JSONDecoder()
        return { data in
            if let update = try? decoder.decode(Update.self, from: data) {
                _ = update.chatID
                return true
            }
            struct Envelope: Decodable { var ok: Bool; var result: [Update]? }
            let envelope = try decoder.decode(Envelope.self, from: data)
            _ = envelope.result?.map(\.chatID)
            return true
        }
    }

    /// The content checker's HTML parser; and user text escaped by the bot must always parse back to itself.
    static let botHTML = FuzzTarget(
        "bot-html", "the bot's Telegram HTML check (content texts) and escaping of user text",
        tokens: htmlTokens
    ) { _, _ in
        { data in
            let text = String(decoding: data, as: UTF8.self)
            let escaped = HTML.escape(text)
            let roundTrip = try? TelegramHTML.plainText(of: escaped)
            guard roundTrip == text else {
                throw PropertyViolation(description: "escaped user text did not parse back to itself")
            }
            _ = try TelegramHTML.parsedLength(of: text)
            return true
        }
    }

    private static let htmlTokens = ["<b>", "</b>", "<i>", "</i>", "<u>", "</u>", "<s>", "</s>", "<blockquote>",
                                     "<blockquote expandable>", "</blockquote>", "<a href=\"", "</a>", "<pre>", "</pre>",
                                     "<code class=\"language-", "</code>", "<tg-spoiler>", "<tg-emoji emoji-id=\"",
                                     "&amp;", "&lt;", "&gt;", "&quot;", "&#", "&#x", "&#1114112;", "&#xD800;", "&",
                                     "<", ">", "</", "=\"", "'", "\u{1F331}", "\u{0301}"]

    /// The emulator's HTML parse mode, strict and lenient about a bare `&`.
    static let emulatorHTML = FuzzTarget(
        "emulator-html", "the emulator's Telegram HTML entity parser", tokens: htmlTokens
    ) { _, _ in
        { data in
            let text = String(decoding: data, as: UTF8.self)
            _ = ParserEntryPoints.parseHTML(text, rejectsBareAmpersand: false)
            return ParserEntryPoints.parseHTML(text, rejectsBareAmpersand: true)
        }
    }

    /// A Bot API request to the emulator: the first line is the Content-Type, the rest the body
    /// (multipart, JSON or form).
    static let emulatorRequest = FuzzTarget(
        "emulator-request", "the emulator's request bodies: multipart/form-data, JSON and form",
        tokens: jsonTokens + ["\r\n", "\r\n\r\n", "--", "boundary=", "Content-Disposition: form-data; name=\"",
                              "\"; filename=\"", "Content-Type: ", "multipart/form-data; ", "application/json",
                              "%", "%D0", "+", "&", "=", "reply_markup", "inline_keyboard", "attach://"]
    ) { _, _ in
        { data in
            let bytes = [UInt8](data)
            let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let contentType = String(decoding: bytes[..<lineEnd], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let body = Data(bytes[min(bytes.count, lineEnd + 1)...])
            return ParserEntryPoints.parseRequest(contentType: contentType, body: body)
        }
    }

    /// The photo header probe (libjpeg for JPEG with its EXIF orientation, libvips for the rest).
    static let photoProbe = FuzzTarget(
        "photo-probe", "the photo header probe (JPEG/EXIF through libjpeg, other formats through libvips)",
        bytes: [[0xFF, 0xD8], [0xFF, 0xD9], [0xFF, 0xE1], [0xFF, 0xC0], [0xFF, 0xC2], [0xFF, 0xDA], [0xFF, 0xDB],
                [0xFF, 0xC4], Array("Exif\0\0MM\0*".utf8), Array("II*\0".utf8), [0x01, 0x12, 0x00, 0x03],
                [0xFF, 0xFF], [0x00, 0x00], [0x89, 0x50, 0x4E, 0x47], Array("IHDR".utf8), Array("GIF89a".utf8),
                Array("RIFF".utf8), Array("WEBPVP8 ".utf8), Array("ftypheic".utf8)]
    ) { _, _ in
        // libvips loads with the first non-JPEG input (about a hundred libraries: seconds on a busy
        // machine); loaded here, before the hang limit runs, that load is not taken for a hang.
        try MediaRuntime.start()
        let probe = PhotoProbe()
        return { data in
            _ = try probe.inspect(data)
            return true
        }
    }

    /// The Swift progressive JPEG decoder (markers, Huffman tables, every kind of scan, restart
    /// markers, the reduced IDCT and upsampling), at the scales an ingest and a collage use.
    static let progressiveJPEG = FuzzTarget(
        "progressive-jpeg", "the progressive JPEG decoder (scans, Huffman tables, restarts) at 1/8 ... 7/8",
        bytes: [[0xFF, 0xC2], [0xFF, 0xC4], [0xFF, 0xDA], [0xFF, 0xDB], [0xFF, 0xDD], [0xFF, 0xD0], [0xFF, 0xD7],
                [0xFF, 0xD9], [0xFF, 0x00], [0x00, 0x3F], [0x01, 0x3F, 0x00], [0x00, 0x00, 0x10], [0x11], [0x22], [0x21]]
    ) { _, _ in
        { data in
            // The scale follows from the input, so that each one reaches every scale.
            let eighths = 1 + data.reduce(0) { ($0 &+ Int($1)) & 0xFFFF } % 7
            return try ProgressiveEntryPoints.decode(data, eighths: eighths, maxPixels: 4_000_000)
        }
    }

    /// The MP3 frame parser the audio catalog checks tracks with.
    static let mp3Probe = FuzzTarget(
        "mp3-probe", "the MP3 probe (ID3v2, MPEG frame headers, Xing/Info)",
        bytes: [[0xFF, 0xFB, 0x90, 0x64], [0xFF, 0xFB], [0xFF, 0xF3], [0xFF, 0xE3], Array("ID3\u{04}\0".utf8),
                [0x7F, 0x7F, 0x7F, 0x7F], [0, 0, 0, 0], Array("Xing".utf8), Array("Info".utf8), Array("TAG".utf8),
                Array("LAME".utf8), Array("APETAGEX".utf8), [0xFF, 0xFF, 0xFF, 0xFF]]
    ) { _, _ in
        { data in
            let stream = try MP3Probe.inspect(data)
            _ = MP3Requirements.problems(with: stream)
            return true
        }
    }

    /// A program's `program.json`, loaded and checked as `content check` does.
    static let contentProgram = FuzzTarget(
        "content-program", "content JSON: a program's program.json through the loader and its checks",
        tokens: jsonTokens + ["\"stages\"", "\"steps\"", "\"day\"", "\"id\"", "\"kind\"", "\"durationDays\"",
                              "\"locales\"", "\"kitPrefixes\"", "\"formatVersion\""]
    ) { repository, scratch in
        try contentFeed(repository: repository, scratch: scratch, file: "program.json")
    }

    /// A program's `ru.json` texts, loaded and checked as `content check` does.
    static let contentTexts = FuzzTarget(
        "content-texts", "content JSON: a program's texts (ru.json) through the loader and its checks",
        tokens: jsonTokens + htmlTokens + ["{name}", "{day}", "{", "}"]
    ) { repository, scratch in
        try contentFeed(repository: repository, scratch: scratch, file: "ru.json")
    }

    private static func contentFeed(repository: URL, scratch: URL, file: String) throws -> FuzzTarget.Feed {
        let fixture = repository.appendingPathComponent("Tests/Fuzz/Fixtures/content")
        let copy = scratch.appendingPathComponent("content")
        try FileManager.default.copyItem(at: fixture, to: copy)
        let program = copy.appendingPathComponent("programs/tiny")
        let locales = copy.appendingPathComponent("locales")
        let target = program.appendingPathComponent(file)
        return { data in
            try data.write(to: target)
            _ = try ProgramCatalog.load(programDirectory: program, uiStrings: locales)
            return true
        }
    }

    /// A backup's `manifest.json`, verified as `restore --verify-only` verifies it, against a real
    /// backup folder (a small SQLite database and one media file).
    static let backupManifest = FuzzTarget(
        "backup-manifest", "backup manifests through the backup verifier",
        tokens: jsonTokens + ["\"files\"", "\"path\"", "\"bytes\"", "\"sha256\"", "\"format\"", "\"created_at\"",
                              "\"migrations\"", "../", "/", "media", "sogreto.sqlite", "manifest.json", ".",
                              "2026-12-06T03:00:00Z"]
    ) { repository, scratch in
        let backup = scratch.appendingPathComponent("backup")
        let fixtures = repository.appendingPathComponent("Tests/Fuzz/Fixtures")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("backup"), to: backup)
        // Kept under another name so that no database file is tracked in git.
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("backup-database.bin"),
                                         to: backup.appendingPathComponent("sogreto.sqlite"))
        let manifest = backup.appendingPathComponent(BackupManifest.fileName)
        return { data in
            try data.write(to: manifest)
            _ = try BackupVerifier.verify(backup)
            return true
        }
    }

    /// The admin API's quota body.
    static let adminQuota = FuzzTarget(
        "admin-quota", "admin request bodies (PUT /admin/users/:id/quota)",
        tokens: jsonTokens + ["\"max_photos\"", "\"max_bytes\"", "-1", "1.5", "0"]
    ) { _, _ in
        { data in
            _ = try BodyEntryPoints.parseQuota(data)
            return true
        }
    }
}

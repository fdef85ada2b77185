import Foundation
import Program

/// What each stage of a program says, as recognisable pieces of text, read from the same content
/// files the bot loads: a message holding a piece belongs to that stage.
struct StageTexts: Sendable {
    struct Stage: Sendable {
        var id: String
        /// Pieces of the stage's unlock (its reminder).
        var unlock: [String]
        /// Pieces of everything else the stage shows: steps, intro, menus, themes, manifesto.
        var body: [String]
    }

    var programID: String
    var locale: String
    var durationDays: Int
    var stages: [Stage]
    /// Theme title → pieces of that theme's practice.
    var themes: [String: [String]]
    /// The text around `{theme}` in "A new theme today: {theme}."
    var themeUnlock: (prefix: String, suffix: String)?

    func index(of stageID: String) -> Int? { stages.firstIndex { $0.id == stageID } }

    /// The stages whose pieces the text holds, by index.
    func stagesShown(in text: String, unlockOnly: Bool = false) -> Set<Int> {
        let flat = Self.normalised(text)
        var found: Set<Int> = []
        for (index, stage) in stages.enumerated() {
            let pieces = unlockOnly ? stage.unlock : stage.unlock + stage.body
            if pieces.contains(where: { Self.occurs($0, in: flat) }) { found.insert(index) }
        }
        return found
    }

    /// The theme a "new theme today" reminder names, if the text is one.
    func themeNamed(in text: String) -> String? {
        guard let (prefix, suffix) = themeUnlock, !prefix.isEmpty else { return nil }
        let flat = Self.normalised(text)
        guard let start = flat.range(of: prefix) else { return nil }
        let rest = flat[start.upperBound...]
        let end = suffix.isEmpty ? nil : rest.range(of: suffix)
        return String(end.map { rest[..<$0.lowerBound] } ?? rest).trimmingCharacters(in: .whitespaces)
    }

    func themeShown(_ title: String, in text: String) -> Bool {
        let flat = Self.normalised(text)
        return themes[title]?.contains { Self.occurs($0, in: flat) } ?? false
    }

    // MARK: Loading

    static func load(assets: URL, programID: String, locale: String) throws -> StageTexts {
        let folder = assets.appendingPathComponent("programs/\(programID)")
        let structure = try object(folder.appendingPathComponent("program.json"))
        let texts = try object(folder.appendingPathComponent("\(locale).json"))
        let ui = try object(assets.appendingPathComponent("locales/program.\(locale).json"))
        let stageTexts = texts["stages"] as? [String: Any] ?? [:]
        let menuTexts = texts["menus"] as? [String: Any] ?? [:]
        let themeTexts = texts["themes"] as? [String: [String: Any]] ?? [:]
        var stages: [Stage] = []
        for entry in structure["stages"] as? [[String: Any]] ?? [] {
            guard let id = entry["id"] as? String else { continue }
            let own = stageTexts[id] as? [String: Any] ?? [:]
            var body: [String] = []
            for key in ["intro", "narration", "template", "completion", "npsQuestion", "npsCommentPrompt"] {
                if let text = own[key] as? String { body += pieces(of: text) }
            }
            for (_, step) in own["steps"] as? [String: [String: Any]] ?? [:] {
                if let text = step["text"] as? String { body += pieces(of: text) }
            }
            for step in entry["steps"] as? [[String: Any]] ?? [] {
                guard let menu = step["menu"] as? String, let items = (menuTexts[menu] as? [String: Any])?["items"] as? [String: [String: Any]]
                else { continue }
                // Wishes are the user's own words once taken: only recipes belong to their stage.
                if step["kind"] as? String == "wish" { continue }
                body += items.values.compactMap { $0["text"] as? String }.flatMap(pieces(of:))
            }
            if entry["kind"] as? String == "themes" {
                body += themeTexts.values.compactMap { $0["text"] as? String }.flatMap(pieces(of:))
            }
            stages.append(Stage(id: id, unlock: (own["unlock"] as? String).map(pieces(of:)) ?? [], body: body))
        }
        var themes: [String: [String]] = [:]
        for (_, theme) in themeTexts {
            guard let title = theme["title"] as? String, let text = theme["text"] as? String else { continue }
            themes[normalised(plain(title))] = pieces(of: text)
        }
        var themeUnlock: (String, String)?
        if let template = ui["themeUnlock"] as? String {
            let parts = plain(template).components(separatedBy: "{theme}")
            if parts.count == 2 { themeUnlock = (normalised(parts[0]), normalised(parts[1])) }
        }
        return StageTexts(programID: programID, locale: locale, durationDays: structure["durationDays"] as? Int ?? 0,
                          stages: stages, themes: themes, themeUnlock: themeUnlock)
    }

    private static func object(_ url: URL) throws -> [String: Any] {
        guard let value = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw WalkSetupError("\(url.lastPathComponent) is not a JSON object")
        }
        return value
    }

    /// Literal stretches of a text (tags removed, placeholders cut out), long enough to be its own.
    static func pieces(of text: String) -> [String] {
        plain(text).components(separatedBy: "{").enumerated().flatMap { index, part -> [String] in
            let literal = index == 0 ? part : String(part.split(separator: "}", maxSplits: 1).dropFirst().first ?? "")
            return literal.components(separatedBy: "\n").map(normalised)
        }.filter { $0.count >= 24 }.map { String($0.prefix(40)) }
    }

    /// HTML tags removed and the five entities Telegram knows decoded.
    static func plain(_ html: String) -> String {
        var out = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out
    }

    /// Whether `piece` occurs in `text`, byte for byte (both come from the same assets): the checks
    /// look for hundreds of pieces in every message, and Foundation's Unicode search was a tenth of a walk's time.
    static func occurs(_ piece: String, in text: String) -> Bool {
        var text = text
        var piece = piece
        return text.withUTF8 { haystack in
            piece.withUTF8 { needle in
                guard let first = needle.first, let start = haystack.baseAddress, let wanted = needle.baseAddress else { return needle.isEmpty }
                guard needle.count <= haystack.count else { return false }
                for offset in 0...(haystack.count - needle.count) where haystack[offset] == first {
                    if memcmp(start + offset, wanted, needle.count) == 0 { return true }
                }
                return false
            }
        }
    }

    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// The walk could not be set up (missing assets, the bot did not start): not a finding about the bot.
struct WalkSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Foundation

/// The bot's own wordings the checks read numbers from, per locale, turned into patterns.
struct WalkTexts: Sendable {
    /// "Day {day} of {total}" → the day.
    var statusDay: NSRegularExpression?
    /// "Day {day} photo saved…" → the day.
    var photoSaved: NSRegularExpression?
    /// "the day {old} photo is replaced by the day {day} one" → old, new.
    var photoReplaced: NSRegularExpression?
    /// "Before and after: day {first} → day {last}" → first, last.
    var collageCaption: NSRegularExpression?
    /// The PDF's "Day {day} · {date}" under each photo → the day.
    var pdfPhotoCaption: NSRegularExpression?
    /// The PDF's state plant line "{state} · day {day} · {kit}": the day it was earned, not a photo's.
    var pdfPlantLine: NSRegularExpression?
    /// The PDF's "Earlier journeys" heading: the photos under it keep their own journeys' days.
    var pdfEarlierJourneys: String?
    /// /status's "not chosen yet (you'll choose on day {day})" → the day.
    var themesChoiceDay: NSRegularExpression?

    static func load(assets: URL, locale: String) throws -> WalkTexts {
        let bot = try strings(assets.appendingPathComponent("locales/bot.\(locale).json"))
        let program = try strings(assets.appendingPathComponent("locales/program.\(locale).json"))
        let practiceDiaryTexts = try strings(assets.appendingPathComponent("locales/diary.\(locale).json"))
        return WalkTexts(statusDay: pattern(program["statusDay"], numbers: ["day", "total"]),
                         photoSaved: pattern(bot["photo_saved"], numbers: ["day", "count", "max"]),
                         photoReplaced: pattern(bot["photo_replaced"], numbers: ["day", "count", "max"]),
                         collageCaption: pattern(bot["collage_caption"], numbers: ["first", "last"]),
                         pdfPhotoCaption: pattern(practiceDiaryTexts["photoCaption"].map { $0.components(separatedBy: "{date}")[0] },
                                                  numbers: ["day"]),
                         pdfPlantLine: pattern(practiceDiaryTexts["plant"], numbers: ["day"]),
                         pdfEarlierJourneys: practiceDiaryTexts["earlierJourneysHeading"],
                         themesChoiceDay: pattern(program["themesNotChosen"], numbers: ["day"]))
    }

    private static func strings(_ url: URL) throws -> [String: String] {
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw WalkSetupError("\(url.lastPathComponent) is not a JSON object")
        }
        return object.compactMapValues { $0 as? String }
    }

    /// The template as a pattern: `numbers` placeholders capture digits (in the order they appear),
    /// any other placeholder matches anything short.
    static func pattern(_ template: String?, numbers: Set<String>) -> NSRegularExpression? {
        guard let template else { return nil }
        let plain = StageTexts.normalised(StageTexts.plain(template))
        var pattern = ""
        var rest = Substring(plain)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
            let name = String(rest[rest.index(after: open)..<close])
            pattern += numbers.contains(name) ? "(\\d+)" : ".{0,80}?"
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest))
        return try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    /// `text` (normalised) without the matches of `pattern`.
    static func removing(_ pattern: NSRegularExpression?, from text: String) -> String {
        let flat = StageTexts.normalised(text)
        guard let pattern else { return flat }
        return pattern.stringByReplacingMatches(in: flat, range: NSRange(flat.startIndex..., in: flat), withTemplate: " ")
    }

    /// The captured numbers of every match, in order.
    static func numbers(_ pattern: NSRegularExpression?, in text: String) -> [[Int]] {
        guard let pattern else { return [] }
        let flat = StageTexts.normalised(text)
        let range = NSRange(flat.startIndex..., in: flat)
        return pattern.matches(in: flat, range: range).map { match in
            (1..<match.numberOfRanges).compactMap { index in
                Range(match.range(at: index), in: flat).flatMap { Int(flat[$0]) }
            }
        }
    }
}

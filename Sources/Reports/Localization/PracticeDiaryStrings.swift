public import Foundation

/// The fixed words of a diary in one language, read from `assets/locales/diary.<locale>.json`.
///
/// Templates use `{name}` placeholders; `format` fills them. Keeping the words in data lets a
/// translator add a locale without touching Swift.
public struct PracticeDiaryStrings: Decodable, Sendable {
    public let locale: String
    public let documentTitle: String
    public let coverLabel: String
    public let dateRange: String
    public let startedOn: String
    public let inProgress: String
    public let wish: String
    public let stage: String
    public let reachedOn: String
    public let practice: String
    /// Several practices: "{titles}" is their list.
    public let practices: String
    public let themesHeading: String
    public let photoCaption: String
    public let photoCaptionWithCoverage: String
    public let growthHeading: String
    public let growthNote: String
    public let dayAxis: String
    /// A percentage: "{value} %" or "{value}%".
    public let percent: String
    public let decimalSeparator: String
    public let photosHeading: String
    public let beforeAfterHeading: String
    public let before: String
    public let after: String
    public let manifestoHeading: String
    /// The section of journeys the user started over from.
    public let earlierJourneysHeading: String
    /// One earlier journey: "{title}, {dates}".
    public let earlierJourney: String
    /// A theme's reflection answer: "{answer}".
    public let reflection: String
    /// The state plants' section and one plant: "{state} · day {day} · {kit}".
    public let plantsHeading: String
    public let plant: String
    public let statisticsHeading: String
    public let daysPractised: String
    public let photos: String
    public let stagesCompleted: String
    public let stagesOf: String
    /// The figures `/stats` shows: the program day ("{day} of {total}"), practices, minutes
    /// ("about {n}"), the user's own notes, their longest run, themes and practices by stage.
    public let programDay: String
    public let dayOf: String
    public let practicesDone: String
    public let minutes: String
    public let minutesValue: String
    public let reflections: String
    public let longestRun: String
    public let themesChosen: String
    public let practicesByStage: String
    public let generatedOn: String
    public let pageNumber: String
    /// How a day is written, e.g. "{day} {month} {year}".
    public let dateFormat: String
    /// Twelve month names in the form `dateFormat` needs (genitive in Russian).
    public let months: [String]

    /// Loads and checks one locale's strings file.
    public static func load(locale: String, from directory: URL) throws -> PracticeDiaryStrings {
        let file = directory.appendingPathComponent("diary.\(locale).json")
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw ReportsError.stringsUnreadable(file.path, reason: "the file cannot be read")
        }
        let strings: PracticeDiaryStrings
        do { strings = try JSONDecoder().decode(PracticeDiaryStrings.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw ReportsError.stringsUnreadable(file.path, reason: "the key \"\(key.stringValue)\" is missing")
        } catch {
            throw ReportsError.stringsUnreadable(file.path, reason: "it is not a valid strings file")
        }
        guard strings.months.count == 12 else {
            throw ReportsError.stringsUnreadable(file.path, reason: "it must list 12 month names")
        }
        return strings
    }

    /// "25 ноября 2026" / "25 November 2026".
    public func format(_ day: CalendarDay) -> String {
        Self.fill(dateFormat, ["day": String(day.day), "month": months[day.month - 1], "year": String(day.year)])
    }

    /// A share (0…1) as a percentage in this language: one decimal below 10 % when it is not
    /// whole, with the language's decimal separator ("0,4 %", "12 %" / "0.4%", "12%").
    public func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        let whole = tenths / 10, tenth = tenths % 10
        let number = whole < 10 && tenth != 0 ? "\(whole)\(decimalSeparator)\(tenth)" : "\(Int((share * 100).rounded()))"
        return Self.fill(percent, ["value": number])
    }

    /// Fills `{name}` placeholders in one pass (so user text that contains braces is never
    /// expanded); unknown placeholders stay visible so a typo shows in review.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return result + rest[open...] }
            let name = String(rest[rest.index(after: open)..<close])
            result += values[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

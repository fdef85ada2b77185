import Foundation
/// A reminder time the user typed: `9:30`, `09.30`, `9`, `21:00`, `9 30`, `9am`, `9:30 pm`, and the
/// way people say it in Russian: `в 7`, `7 утра`, `8 вечера`, `2 дня`, `9 часов`.
enum TypedTime {
    /// A part of the day that says which half of the clock an hour from 1 to 12 means.
    private enum DayPart {
        case morning, pm, afternoon, evening, night

        /// 24-hour time of a 12-hour clock hour in this part of the day, nil when it does not fit
        /// ("10 дня" is not a time anyone means).
        func hours(_ hour: Int) -> Int? {
            switch self {
            case .morning: return (1...12).contains(hour) ? hour % 12 : nil
            case .pm: return (1...12).contains(hour) ? hour % 12 + 12 : nil
            case .afternoon: return hour == 12 ? 12 : (1...5).contains(hour) ? hour + 12 : nil
            case .evening: return (5...11).contains(hour) ? hour + 12 : nil
            case .night: return hour == 12 ? 0 : (1...4).contains(hour) ? hour : nil
            }
        }
    }

    private static let suffixes: [(String, DayPart)] = [
        ("a.m.", .morning), ("p.m.", .pm), ("am", .morning), ("pm", .pm),
        ("утра", .morning), ("дня", .afternoon), ("вечера", .evening), ("ночи", .night),
    ]

    /// Minutes after midnight, or nil when the text is not a time of day.
    static func minutes(_ typed: String) -> Int? {
        var text = ZoneCity.normalized(typed)
        guard !text.isEmpty, text.count <= 24 else { return nil }
        for prefix in ["в ", "at "] where text.hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        var part: DayPart?
        for (suffix, meaning) in suffixes where text.hasSuffix(suffix) {
            part = meaning
            text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        for word in ["часов", "часа", "час"] where text.hasSuffix(word) {
            text = String(text.dropLast(word.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "." || $0 == " " || $0 == "-" || $0 == "h" || $0 == "ч" })
        guard (1...2).contains(parts.count), parts.allSatisfy({ (1...2).contains($0.count) && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }),
              var hours = Int(parts[0]) else { return nil }
        let minutes = parts.count == 2 ? Int(parts[1]) : 0
        guard let minutes, (0...59).contains(minutes) else { return nil }
        if let part {
            guard let converted = part.hours(hours) else { return nil }
            hours = converted
        }
        guard (0...23).contains(hours) else { return nil }
        return hours * 60 + minutes
    }
}

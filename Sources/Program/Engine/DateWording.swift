import Foundation

/// Dates as users read them ("пятница, 5 декабря", "Friday 5 December"), from the month and
/// weekday names in the UI strings, so wording does not depend on the platform's ICU data.
enum DateWording {
    static func format(_ date: Date, timeZone: TimeZone, strings: UIStrings) -> String {
        let calendar = ProgramSchedule.gregorian(timeZone)
        let parts = calendar.dateComponents([.day, .month, .weekday], from: date)
        let month = strings.months[safe: (parts.month ?? 1) - 1] ?? ""
        // Calendar weekdays count from Sunday = 1; the strings list Monday first.
        let weekday = strings.weekdays[safe: ((parts.weekday ?? 2) + 5) % 7] ?? ""
        return strings.format(.dateFormat, ["weekday": weekday, "day": String(parts.day ?? 1), "month": month])
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

import Bot
import Foundation
import Reports

/// Calendar arithmetic on days as the user saw them (no time zone left to shift them).
extension CalendarDay {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    private var noon: Date {
        Self.utc.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date(timeIntervalSince1970: 0)
    }

    /// The day `count` days later (earlier when negative).
    func adding(days count: Int) -> CalendarDay {
        CalendarDay(noon.addingTimeInterval(Double(count) * 86_400), in: .gmt)
    }

    /// The calendar day after this one.
    var next: CalendarDay { adding(days: 1) }

    /// 0 for Monday … 6 for Sunday.
    var weekdayFromMonday: Int {
        (Self.utc.component(.weekday, from: noon) + 5) % 7
    }

    /// Whole days from `self` to `later`.
    func days(until later: CalendarDay) -> Int {
        Int((later.noon.timeIntervalSince(noon) / 86_400).rounded())
    }
}

import Bot
import Foundation
import Reports

/// Calendar arithmetic on days as the user saw them (no time zone left to shift them).
extension DiaryDay {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    private var noon: Date {
        Self.utc.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date(timeIntervalSince1970: 0)
    }

    /// The day `count` days later (earlier when negative).
    func adding(days count: Int) -> DiaryDay {
        DiaryDay(noon.addingTimeInterval(Double(count) * 86_400), in: .gmt)
    }

    /// The calendar day after this one.
    var next: DiaryDay { adding(days: 1) }

    /// 0 for Monday … 6 for Sunday.
    var weekdayFromMonday: Int {
        (Self.utc.component(.weekday, from: noon) + 5) % 7
    }

    /// Whole days from `self` to `later`.
    func days(until later: DiaryDay) -> Int {
        Int((later.noon.timeIntervalSince(noon) / 86_400).rounded())
    }
}

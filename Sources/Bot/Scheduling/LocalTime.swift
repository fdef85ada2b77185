import Foundation

/// Wall-clock arithmetic in a user's time zone that stays right across daylight-saving changes:
/// a time that does not exist (spring forward) becomes the first instant after the gap, and a
/// time that happens twice (fall back) is taken once, at its first occurrence.
enum LocalTime {
    static let minutesPerDay = 24 * 60

    /// The instant `minuteOfDay` minutes into the local calendar day that contains `date`.
    static func instant(minuteOfDay: Int, onDayOf date: Date, in zone: TimeZone) -> Date {
        instant(minuteOfDay: minuteOfDay, daysAfter: 0, dayOf: date, in: zone)
    }

    /// The instant `minuteOfDay` into the local day `days` after the day of `date`.
    static func instant(minuteOfDay: Int, daysAfter days: Int, dayOf date: Date, in zone: TimeZone) -> Date {
        let local = calendar(zone).dateComponents([.year, .month, .day], from: date)
        // Day arithmetic on the floating (UTC) calendar, which has no daylight-saving days.
        let midnight = utcCalendar.date(from: DateComponents(year: local.year, month: local.month, day: local.day))
            ?? Date(timeIntervalSince1970: 0)
        let target = midnight.addingTimeInterval(TimeInterval(days * 86_400 + minuteOfDay * 60))
        return instant(floating: target, in: zone)
    }

    /// Minutes since local midnight at `date`.
    static func minuteOfDay(_ date: Date, in zone: TimeZone) -> Int {
        let parts = calendar(zone).dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    /// The local calendar date of `date` as `yyyy-mm-dd`, for keys that name a day.
    static func dayName(_ date: Date, in zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Local calendar days from the day of `a` to the day of `b` (negative when `b` is earlier).
    static func daysBetween(_ a: Date, and b: Date, in zone: TimeZone) -> Int {
        let calendar = calendar(zone)
        return calendar.dateComponents([.day], from: calendar.startOfDay(for: a), to: calendar.startOfDay(for: b)).day ?? 0
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    private static let utcCalendar: Calendar = calendar(TimeZone(identifier: "UTC") ?? .gmt)

    /// Resolves a wall-clock time, given as the instant it would be in UTC, in `zone`.
    private static func instant(floating: Date, in zone: TimeZone) -> Date {
        let day: TimeInterval = 86_400
        // Offsets around the date: a zone changes its offset at most once within a few hours.
        let offsets = Set([-day, 0, day].map { zone.secondsFromGMT(for: floating.addingTimeInterval($0)) })
        let readings = offsets.map { floating.addingTimeInterval(-TimeInterval($0)) }
        let valid = readings.filter { zone.secondsFromGMT(for: $0) == Int(floating.timeIntervalSince($0)) }
        if let first = valid.min() { return first }
        // A gap: the wall time never happens. The next valid instant is the transition itself.
        return transition(from: readings.min() ?? floating, to: readings.max() ?? floating, in: zone)
    }

    /// The first second in `[low, high]` whose offset equals the offset at `high`.
    private static func transition(from low: Date, to high: Date, in zone: TimeZone) -> Date {
        let target = zone.secondsFromGMT(for: high)
        var lower = Int64(low.timeIntervalSince1970.rounded(.down))
        var upper = Int64(high.timeIntervalSince1970.rounded(.up))
        while lower < upper {
            let middle = lower + (upper - lower) / 2
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(middle))) == target {
                upper = middle
            } else {
                lower = middle + 1
            }
        }
        return Date(timeIntervalSince1970: TimeInterval(lower))
    }
}

import Bot
import Foundation
import Media
import Reports

/// The weeks the `/stats` card's calendar shows, Monday first: from the journey's first day to
/// today (or to the last practice day when the journey ended more than a week ago).
enum PracticeCalendar {
    static func weeks(of statistics: PracticeStatistics) -> [[StatsCard.Day]] {
        guard let start = try? CalendarDay(iso: statistics.firstDay), let today = try? CalendarDay(iso: statistics.today) else { return [] }
        let practised = Set(statistics.practiceDays.compactMap { try? CalendarDay(iso: $0) })
        // Planting may be practised the day before it is complete (day 0): that day is the journey's too.
        let first = min(start, practised.min() ?? start)
        var last = today
        if let latest = practised.max(), latest.adding(days: 7) < today { last = latest }
        if last < first { last = first }
        let monday = first.adding(days: -first.weekdayFromMonday)
        let count = monday.days(until: last) / 7 + 1
        return (0..<count).map { week in
            (0..<7).map { index in
                let day = monday.adding(days: week * 7 + index)
                let kind: StatsCard.Day.Kind = day < first || day > last ? .outside : practised.contains(day) ? .practised : .quiet
                return StatsCard.Day(dayOfMonth: day.day, kind: kind, isToday: day == today)
            }
        }
    }
}

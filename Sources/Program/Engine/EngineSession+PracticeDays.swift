import Foundation

/// The days a user actually practised, for the diary's statistics: stage dates alone miss the
/// days spent on themes and on steps of a stage begun earlier.
extension EngineSession {
    mutating func recordPracticeDay(since before: UserProgress) {
        let practised = messages.contains { $0.narrates != nil }
            || progress.answers != before.answers || progress.wish != before.wish || progress.choices != before.choices
            || progress.reflections != before.reflections
        guard practised else { return }
        let today = Self.calendarDay(now, in: context.timeZone)
        var days = progress.practiceDays ?? []
        guard !days.contains(today) else { return }
        days.append(today)
        days.sort()
        progress.practiceDays = days
    }

    /// "2026-11-25": the day `date` falls on in `zone`.
    static func calendarDay(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

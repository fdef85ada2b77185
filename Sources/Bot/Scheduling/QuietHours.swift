import Foundation

/// Nothing unplanned reaches a user between 22:00 and 08:00 their time, unless they chose a
/// reminder time inside those hours (they want messages then) or opted out of quiet hours.
struct QuietHours: Sendable, Equatable {
    var startMinute = 22 * 60
    var endMinute = 8 * 60

    init() {}

    func contains(minuteOfDay minute: Int) -> Bool {
        minute >= startMinute || minute < endMinute
    }

    /// Whether quiet hours hold back this user's messages at all.
    func apply(to user: UserRecord) -> Bool {
        !user.quietHoursOptOut && !contains(minuteOfDay: user.reminderMinute)
    }

    /// When a message meant for `date` may go out: `date` itself, or the end of the quiet hours.
    func deliveryTime(for date: Date, user: UserRecord) -> Date {
        let zone = user.timeZone
        let minute = LocalTime.minuteOfDay(date, in: zone)
        guard apply(to: user), contains(minuteOfDay: minute) else { return date }
        let days = minute >= startMinute ? 1 : 0
        return LocalTime.instant(minuteOfDay: endMinute, daysAfter: days, dayOf: date, in: zone)
    }
}

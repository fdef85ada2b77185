import Foundation
import Program

/// The opt-in board's figures (pure): within one start-week cohort, how many days each member
/// practised this week (Monday to Sunday, in each member's own zone). Only counts leave this
/// value: how many people practised how many days, and the viewer's own days.
struct LeaderboardWeek: Equatable {
    /// The viewer's days with a practice this week.
    var mine: Int
    /// Others by days practised this week (1…7) → how many of them; nobody with 0 days is listed.
    var others: [Int: Int]
    /// The other members of the cohort, whatever their days.
    var othersCount: Int

    /// The cohort of a journey: the Monday (UTC) of the week it began, as the funnel's cohorts.
    static func cohort(of progress: UserProgress) -> String {
        FunnelReport.cohortName(of: progress.startedAt)
    }

    /// Days in `practiceDays` ("2026-11-25", the user's calendar days) within the Monday-to-Sunday
    /// week that holds `now` in `zone`.
    static func daysThisWeek(_ progress: UserProgress, now: Date, zone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        guard let monday = calendar.dateInterval(of: .weekOfYear, for: now)?.start else { return 0 }
        let week: Set<String> = Set((0..<7).compactMap { offset in
            calendar.date(byAdding: .day, value: offset, to: monday).map { day in
                let parts = calendar.dateComponents([.year, .month, .day], from: day)
                return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            }
        })
        return Set(progress.practiceDays ?? []).intersection(week).count
    }

    /// The board for `viewer` from the members the store read for `cohort`; a member whose current
    /// journey began in another week (they started a new kit since) is left out.
    static func build(viewer: Int64, viewerProgress: UserProgress, viewerZone: TimeZone, members: [LeaderboardMember],
                      cohort: String, now: Date) -> LeaderboardWeek {
        var others: [Int: Int] = [:]
        var count = 0
        for member in members where member.userID != viewer {
            guard let progress = member.progress.flatMap(ProgressCoding.decode), Self.cohort(of: progress) == cohort else { continue }
            count += 1
            let zone = TimeZone(identifier: member.timezone) ?? viewerZone
            let days = daysThisWeek(progress, now: now, zone: zone)
            if days > 0 { others[days, default: 0] += 1 }
        }
        return LeaderboardWeek(mine: daysThisWeek(viewerProgress, now: now, zone: viewerZone), others: others, othersCount: count)
    }
}

import Foundation
import Program

/// The board's words: counts of people by days practised this week, the viewer placed among
/// them as "you", never a name, an id or a rank, and nothing about days missed.
struct LeaderboardWording {
    let strings: BotStrings
    let catalog: ProgramCatalog

    /// What a user who has not joined reads, with the Join button.
    func invitation(locale: String) -> OutboxAction {
        .message(text: strings.text("leaderboard_intro", locale),
                 keyboard: [[Button(strings.text("leaderboard_join", locale), Conversation.leaderboardPrefix + "join")]])
    }

    /// The board for a member, with the Leave button.
    func board(_ week: LeaderboardWeek, cohort: String, locale: String) -> OutboxAction {
        let date = weekDate(cohort, locale: locale)
        var lines: [String] = []
        if week.othersCount == 0 {
            lines.append(strings.text("leaderboard_alone", locale, ["date": date]))
        } else {
            lines.append(strings.text("leaderboard_title", locale, ["date": date, "others": String(week.othersCount)]))
        }
        var rows: [String] = []
        for days in stride(from: 7, through: 1, by: -1) {
            let people = week.others[days] ?? 0
            if days == week.mine {
                rows.append(strings.text(people == 0 ? "leaderboard_row_only_you" : "leaderboard_row_you", locale,
                                         ["days": String(days), "people": String(people)]))
            } else if people > 0 {
                rows.append(strings.text("leaderboard_row", locale, ["days": String(days), "people": String(people)]))
            }
        }
        if week.mine == 0 { rows.append(strings.text("leaderboard_you_none", locale)) }
        lines.append(rows.joined(separator: "\n"))
        lines.append(strings.text("leaderboard_closing", locale))
        return .message(text: lines.joined(separator: "\n\n"),
                        keyboard: [[Button(strings.text("leaderboard_leave", locale), Conversation.leaderboardPrefix + "leave")]])
    }

    /// "23 November" for the cohort's Monday (yyyy-MM-dd).
    private func weekDate(_ cohort: String, locale: String) -> String {
        let parts = cohort.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return cohort }
        let month = catalog.strings(for: locale).months
        return "\(parts[2]) " + (parts[1] >= 1 && parts[1] <= month.count ? month[parts[1] - 1] : String(parts[1]))
    }
}

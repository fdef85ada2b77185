/// Which theme arrives on which day for a user: their chosen themes (or the defaults) spread
/// evenly over the days of their pace, so the last theme always lands on the pace's last day.
struct ThemePlan {
    struct Slot: Equatable {
        let theme: String
        let day: Int
    }

    let slots: [Slot]
    let pace: String

    init(progress: UserProgress, program: Program) {
        guard let settings = program.themes else {
            slots = []
            pace = "standard"
            return
        }
        let chosen = progress.themes.flatMap { $0.isEmpty ? nil : $0 } ?? settings.defaults
        let themes = settings.pool.filter(chosen.contains)
        pace = progress.pace.flatMap { settings.paces[$0] == nil ? nil : $0 } ?? settings.defaultPace
        let days = settings.paces[pace] ?? []
        let count = min(themes.count, days.count)
        slots = (0..<count).map { index in
            let dayIndex = count == 1 ? 0 : index * (days.count - 1) / (count - 1)
            return Slot(theme: themes[index], day: days[dayIndex])
        }
    }
}

import Bot
import Foundation
import Media
import Program

/// The words of `/stats`: the message's caption and the card's labels, from one set of figures.
/// Kind by design: the run is "your longest", and the closing line welcomes every return.
struct StatsWording {
    let strings: BotStrings

    /// The caption under the card (Telegram HTML, well under the 1024-character limit).
    func caption(_ stats: PracticeStatistics, kit: String, locale: String) -> String {
        var lines = [text("stats_caption_title", locale, ["kit": kit]),
                     text("stats_caption_day", locale, ["day": String(stats.programDay), "total": String(stats.durationDays)]), ""]
        if stats.practices > 0 {
            let stages = stats.stages.map { "\($0.title) \($0.practices)" }.joined(separator: ", ")
            lines.append(text("stats_caption_practices", locale, ["count": String(stats.practices), "stages": stages]))
            lines.append(text("stats_caption_minutes", locale, ["minutes": String(max(1, stats.minutes))]))
        }
        lines.append(text("stats_caption_words", locale, ["reflections": String(stats.reflections), "photos": String(stats.photos)]))
        if !stats.themes.isEmpty {
            lines.append(text("stats_caption_themes", locale, ["themes": stats.themes.joined(separator: ", ")]))
        }
        if stats.longestRun > 1 {
            lines.append(text("stats_caption_run", locale, ["run": String(stats.longestRun)]))
        }
        lines += ["", text("stats_caption_closing", locale)]
        return lines.joined(separator: "\n")
    }

    /// The card: six figures, the calendar and the curve, in the kit's colours.
    func card(_ stats: PracticeStatistics, kit: String, locale: String, colours: KitColours?, dayLabel: (Int) -> String) -> StatsCard {
        func count(_ key: String, _ value: Int) -> StatsCard.Figure {
            StatsCard.Figure(value: String(value), label: plain(key, locale, ["count": String(value), "total": String(stats.durationDays)]))
        }
        let figures = [count("stats_label_day", stats.programDay), count("stats_label_practices", stats.practices),
                       count("stats_label_minutes", stats.minutes), count("stats_label_reflections", stats.reflections),
                       count("stats_label_photos", stats.photos),
                       // A run of one day is no run: the tile counts the days with a practice then, as the caption leaves the run out.
                       stats.longestRun > 1 ? count("stats_label_run", stats.longestRun) : count("stats_label_days", stats.daysPractised)]
        let palette = colours.flatMap { CardPalette(paper: $0.paper, ink: $0.ink, accent: $0.accent) } ?? .sogreto
        return StatsCard(title: plain("stats_card_title", locale), subtitle: plain("stats_card_subtitle", locale, ["kit": kit]),
                         figures: figures, calendarTitle: plain("stats_calendar_title", locale),
                         weekdays: plain("stats_weekdays", locale).split(separator: " ").map(String.init),
                         weeks: PracticeCalendar.weeks(of: stats), growthTitle: plain("stats_growth_title", locale),
                         growth: stats.growth.map { StatsCard.GrowthPoint(day: $0.day, share: $0.coverage, label: dayLabel($0.day)) },
                         noGrowthNote: plain("stats_no_growth", locale), locale: locale, palette: palette)
    }

    private func text(_ key: String, _ locale: String, _ values: [String: String] = [:]) -> String {
        strings.text(key, locale, values)
    }

    /// A label drawn on the image: the words, without Telegram's HTML escaping.
    private func plain(_ key: String, _ locale: String, _ values: [String: String] = [:]) -> String {
        PracticeDiaryExporter.plain(strings.text(key, locale, values))
    }
}

import Foundation

/// What the `/stats` card shows: a few figures, a calendar of the days the user practised and
/// the growth curve so far, in the kit's colours. Every word comes in already localized.
public struct StatsCard: Sendable {
    /// One figure: its value as written ("38") and what it counts ("minutes of practice").
    public struct Figure: Sendable, Equatable {
        public var value: String
        public var label: String

        public init(value: String, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// One calendar cell: a day of the month and whether it was practised.
    public struct Day: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// A day with a practice.
            case practised
            /// A day of the journey without one (drawn softly, never as a gap to fill).
            case quiet
            /// Before the journey began or still to come.
            case outside
        }

        public var dayOfMonth: Int
        public var kind: Kind
        public var isToday: Bool

        public init(dayOfMonth: Int, kind: Kind, isToday: Bool = false) {
            self.dayOfMonth = dayOfMonth
            self.kind = kind
            self.isToday = isToday
        }
    }

    /// A point of the growth curve: program day, green share 0…1 and the day's label.
    public struct GrowthPoint: Sendable, Equatable {
        public var day: Int
        public var share: Double
        public var label: String

        public init(day: Int, share: Double, label: String) {
            self.day = day
            self.share = share
            self.label = label
        }
    }

    public var title: String
    public var subtitle: String
    /// Up to six, drawn three to a row.
    public var figures: [Figure]
    public var calendarTitle: String
    /// Seven short weekday names, in the order the weeks are drawn.
    public var weekdays: [String]
    /// Whole weeks of seven days, oldest first (the renderer keeps the latest six).
    public var weeks: [[Day]]
    public var growthTitle: String
    public var growth: [GrowthPoint]
    /// Shown where the curve would be while no photo has been measured.
    public var noGrowthNote: String
    /// "en" or "ru": how percentages are written.
    public var locale: String
    public var palette: CardPalette

    public init(title: String, subtitle: String, figures: [Figure], calendarTitle: String, weekdays: [String], weeks: [[Day]],
                growthTitle: String, growth: [GrowthPoint], noGrowthNote: String, locale: String, palette: CardPalette = .sogreto) {
        self.title = title
        self.subtitle = subtitle
        self.figures = figures
        self.calendarTitle = calendarTitle
        self.weekdays = weekdays
        self.weeks = weeks
        self.growthTitle = growthTitle
        self.growth = growth
        self.noGrowthNote = noGrowthNote
        self.locale = locale
        self.palette = palette
    }
}

public import Foundation

/// When the parts of the ending come, counted from the moment the manifesto was shown: the
/// closing words and the diary offer later that day (if the user has not tapped "read" before),
/// the closing question from the next local day on.
public struct EndingSchedule: Sendable {
    /// How long the manifesto is left alone before the scheduler sends the closing words.
    package static let readingTime: TimeInterval = 2 * 3600
    /// The scheduler's closing words never come later than this local hour on the manifesto's day…
    static let latestHour = 21
    /// …but never sooner than this after the manifesto.
    static let shortestReadingTime: TimeInterval = 30 * 60

    /// When the manifesto was shown; nil before that.
    public let manifestoShownAt: Date?
    let timeZone: TimeZone

    public init(progress: UserProgress, program: Program, timeZone: TimeZone) {
        let manifesto = program.stages.first { $0.kind == .manifesto }
        manifestoShownAt = manifesto.flatMap { progress.stagesCompleted[$0.id] }
        self.timeZone = timeZone
    }

    /// When the scheduler sends the closing words and the diary offer to a user who has not said
    /// they read the manifesto.
    public var closingWordsDue: Date? {
        guard let shown = manifestoShownAt else { return nil }
        let calendar = ProgramSchedule.gregorian(timeZone)
        let relaxed = shown.addingTimeInterval(Self.readingTime)
        guard let evening = calendar.date(bySettingHour: Self.latestHour, minute: 0, second: 0, of: shown),
              relaxed > evening else { return relaxed }
        return max(evening, shown.addingTimeInterval(Self.shortestReadingTime))
    }

    /// Local midnight after the manifesto's day: from then on Continue asks the closing question.
    var questionOpens: Date? {
        guard let shown = manifestoShownAt else { return nil }
        let calendar = ProgramSchedule.gregorian(timeZone)
        let day = calendar.startOfDay(for: shown)
        return calendar.date(byAdding: .day, value: 1, to: day).map { calendar.startOfDay(for: $0) }
    }
}

/// The parts of the ending the scheduler sends.
public enum EndingPart: Int, Sendable {
    case closingWords = 0
    case question = 1
}

public import Foundation

/// Everything about one user's journey through a program. The bot stores it as JSON
/// (`JSONEncoder`/`JSONDecoder`, dates in any strategy as long as both sides agree) in one
/// column per user; the engine never reads anything else about the user.
public struct UserProgress: Codable, Sendable, Equatable {
    /// Bumped when the stored shape changes incompatibly.
    static let currentVersion = 1

    public enum Status: String, Codable, Sendable {
        case active, paused, stopped, completed
    }

    var version: Int
    public var programID: String
    public var kitCode: String?
    /// The locale the user last used (the scheduler renders reminders in it).
    public var locale: String
    /// When the program was activated; its local calendar day is program day 0.
    public var startedAt: Date
    public var status: Status
    public var position: Position
    /// Free-text answers by `"<stageID>.<stepID>"`.
    public var answers: [String: String]
    /// The user's wish, in their words or taken from the examples menu.
    public var wish: String?
    /// Chosen option ids by `"<stageID>.<stepID>"`.
    public var choices: [String: String]
    /// Chosen focus themes in pool order; nil until the user chooses (defaults apply).
    public var themes: [String]?
    /// Whether the theme choice was confirmed (Done or defaults), so the picker is not shown again.
    public var themesConfirmed: Bool
    /// Theme pace id; nil means the program's first pace.
    package var pace: String?
    /// Pauses, stops and skipped weeks; they hold the program day still.
    package var holds: [Hold]
    public var stagesStarted: [String: Date]
    public var stagesCompleted: [String: Date]
    public var manifesto: String?
    /// Answers to the short optional reflection questions of themes and micro-practices, by
    /// theme or micro-practice id; nil in progress saved before they were kept.
    public var reflections: [String: String]?
    /// Journeys this user walked before starting over (a reset or another kit), oldest first:
    /// their words and manifesto outlive the reset. Nil when there were none.
    public var earlierJourneys: [EarlierJourney]?
    /// The state plants the user collected, on every journey and kit (a reset or another kit
    /// keeps them), earliest first; nil while there are none.
    public var collection: [CollectedCard]?
    /// When the user said they had read the manifesto; the closing words and the diary offer come
    /// then (or later that day from the scheduler), the closing question the next day.
    public var manifestoReadAt: Date?
    /// The user's calendar days ("2026-11-25", in their zone, ascending) on which they opened a
    /// practice, theme or the manifesto or gave an answer; nil in progress saved before it was kept.
    public var practiceDays: [String]?
    package var npsScore: Int?
    public var npsComment: String?
    /// Which step (or the NPS comment) the next text message answers.
    public var awaitingText: TextExpectation?
    /// A question the next button press confirms (reset, switching to another kit).
    package var pendingConfirmation: Confirmation?
    /// Whether the theme picker is the latest question: its toggles and pace act only then.
    var themePickerOpen: Bool?
    /// The copy number of the newest message showing the buttons of the user's page (step or
    /// theme): its page-turn buttons carry it, so Back or "Why?" on an older copy of the page
    /// answers in a new message instead of turning that older copy. Nil until the first page.
    package var pageCopy: Int?
    /// Whether `day7Reached` was emitted.
    var day7Reported: Bool
    /// A gifted taste without a kit: the journey stops after the program's taste stages until a
    /// kit code continues it. Nil: a whole journey.
    public var taste: Bool?

    init(program: Program, kitCode: String?, locale: String, now: Date) {
        version = Self.currentVersion
        programID = program.id
        self.kitCode = kitCode
        self.locale = locale
        startedAt = now
        status = .active
        position = .welcome
        answers = [:]
        wish = nil
        choices = [:]
        themes = nil
        themesConfirmed = false
        pace = nil
        holds = []
        stagesStarted = [:]
        stagesCompleted = [:]
        manifesto = nil
        reflections = nil
        earlierJourneys = nil
        collection = nil
        manifestoReadAt = nil
        practiceDays = nil
        npsScore = nil
        npsComment = nil
        awaitingText = nil
        pendingConfirmation = nil
        themePickerOpen = nil
        pageCopy = nil
        day7Reported = false
        taste = nil
    }

    /// Key for per-step answers and choices.
    public static func key(stage: String, step: String) -> String { "\(stage).\(step)" }
}

/// What is kept of a journey the user started over from: their own words and the manifesto.
public struct EarlierJourney: Codable, Sendable, Equatable {
    public var programID: String
    public var startedAt: Date
    /// When the user started over.
    public var endedAt: Date
    public var wish: String?
    public var answers: [String: String]
    public var choices: [String: String]
    public var reflections: [String: String]?
    public var manifesto: String?

    /// Journeys kept per user, the latest ones: the progress is one column read on every update.
    package static let kept = 5

    /// What `progress` leaves behind when the user starts over at `now`, or nil when the user
    /// wrote and chose nothing worth keeping.
    init?(_ progress: UserProgress, endedAt now: Date) {
        let reflections = progress.reflections ?? [:]
        guard progress.wish != nil || !progress.answers.isEmpty || !progress.choices.isEmpty || !reflections.isEmpty
            || progress.manifesto != nil else { return nil }
        programID = progress.programID
        startedAt = progress.startedAt
        endedAt = now
        wish = progress.wish
        answers = progress.answers
        choices = progress.choices
        self.reflections = reflections.isEmpty ? nil : reflections
        manifesto = progress.manifesto
    }
}

/// Where the user is in the program.
public enum Position: Codable, Sendable, Equatable {
    /// Activated; the welcome was shown and the first stage starts on Continue.
    case welcome
    /// On step `index` of a step stage.
    case step(stage: String, index: Int)
    /// Finished `stage`; the next one starts on Continue once it is unlocked.
    case stageDone(stage: String)
    /// Choosing focus themes before the themes stage.
    case themePicker
    /// In the themes stage at slot `slot` (the slot's theme shows once its day comes).
    case theme(slot: Int)
    /// Manifesto shown; the NPS question is open.
    case nps
    /// NPS scored; an optional comment is awaited.
    case npsComment
    /// The journey is complete.
    case finished
}

/// A stretch of time during which the program day stands still.
package struct Hold: Codable, Sendable, Equatable {
    package enum Kind: String, Codable, Sendable { case pause, stop, skipWeek }

    package var kind: Kind
    package var from: Date
    /// End of a pause or stop; nil while it lasts.
    package var until: Date?
    /// Length of a skip in calendar days.
    package var days: Int?
    /// When a running skip was last extended by another week (that week can be undone that day).
    var extendedAt: Date?
}

/// What an incoming text message will be taken as.
public enum TextExpectation: Codable, Sendable, Equatable {
    case answer(stage: String, step: String)
    case wish(stage: String, step: String)
    case npsComment
    /// The reflection question of a theme or micro-practice (by its id).
    case reflection(id: String)
}

/// A question waiting for a yes/no button.
package enum Confirmation: Codable, Sendable, Equatable {
    case reset
    /// Hold the program for a week (away from home).
    case skipWeek
    /// Start the program of another kit from scratch.
    case switchKit(code: String)
}

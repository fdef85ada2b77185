public import Foundation

/// Everything one user's practice diary shows: what `sogreto diary export` writes as JSON and
/// `sogreto diary render` reads.
///
/// JSON shape (version 1), keys exactly as the property names:
/// ```json
/// { "version": 1, "locale": "ru", "userName": "Анна", "programTitle": "Микрозелень: 20 дней",
///   "startDate": "2026-11-05", "endDate": "2026-11-25", "wish": "…",
///   "stages": [{ "id": "sprout", "title": "Всходы", "reachedOn": "2026-11-08",
///                "practices": ["Дыхание у окна", "Корни первыми"],
///                "answers": [{ "question": "Что вы заметили?", "answer": "…" }],
///                "themes": [{ "title": "Медленность", "note": "Рост, который не видно." }],
///                "holdsManifesto": false }],
///   "photos": [{ "path": "photos/42/day03.jpg", "day": 3, "takenOn": "2026-11-07",
///                "greenCoverage": 0.12, "stageId": "sprout" }],
///   "beforeAfter": { "before": { …photo… }, "after": { …photo… } },
///   "growth": [{ "day": 3, "coverage": 0.12 }],
///   "manifesto": "…",
///   "plants": [{ "state": "Терпение", "line": "…", "day": 0, "kit": "Набор «Микрозелень»", "answer": "…" }],
///   "earlierJourneys": [{ "programTitle": "…", "startDate": "2026-10-01", "endDate": "2026-10-09",
///                         "wish": "…", "answers": [ …answer… ], "manifesto": "…", "photos": [ …photo… ] }],
///   "statistics": { "daysPractised": 18, "photos": 10, "stagesCompleted": 5, "stagesTotal": 5,
///                   "figures": { "programDay": 20, "durationDays": 20, "minutes": 96, "reflections": 9,
///                                "practices": [{ "title": "Посадка", "practices": 4 }],
///                                "themes": ["Медленность"], "longestRun": 6 } },
///   "generatedAt": "2026-11-25T18:30:00Z", "timeZone": "Europe/Moscow", "accent": "#388E3C" }
/// ```
/// Optional keys may be absent or null: a diary mid-program has no `endDate`, `manifesto` or
/// `beforeAfter`; a stage has `themes` only when it is a stage of daily themes, and the stage
/// with `holdsManifesto` shows the manifesto on its page (without one, it closes the diary).
/// `practiceTitle` (one practice) is what older exports wrote instead of `practices`. Photo paths are absolute or relative to the data directory given to the renderer.
public struct PracticeDiaryData: Codable, Equatable, Sendable {
    /// The JSON format version this build writes and reads.
    public static let currentVersion = 1

    public var version: Int
    /// "ru" or "en": picks `assets/locales/diary.<locale>.json`.
    public var locale: String
    /// The name the user goes by in the bot.
    public var userName: String
    /// The kit / program title, e.g. "Микрозелень: 20 дней".
    public var programTitle: String
    public var startDate: CalendarDay
    /// Nil while the program is still running.
    public var endDate: CalendarDay?
    /// The wish the user set at the start, if any.
    public var wish: String?
    /// Stages reached so far, in program order.
    public var stages: [Stage]
    /// Stored photos (upright JPEGs), in any order; the renderer sorts them by day.
    public var photos: [Photo]
    public var beforeAfter: BeforeAfter?
    /// Green coverage by program day, for the growth chart.
    public var growth: [GrowthPoint]
    public var manifesto: String?
    /// Journeys the user started over from, oldest first: their words and manifesto.
    public var earlierJourneys: [EarlierJourney]?
    /// The state plants the user collected (on every journey), earliest first.
    public var plants: [Plant]?
    public var statistics: Statistics
    /// When the export was made (printed on the last page).
    public var generatedAt: Date
    /// The user's IANA time zone (e.g. "Europe/Moscow") for printing `generatedAt`; UTC if nil.
    public var timeZone: String?
    /// The kit's accent colour, `#RRGGBB` (rules, labels, the growth chart); Sogreto green if nil.
    public var accent: String?

    public init(version: Int = PracticeDiaryData.currentVersion, locale: String, userName: String,
                programTitle: String, startDate: CalendarDay, endDate: CalendarDay? = nil, wish: String? = nil,
                stages: [Stage] = [], photos: [Photo] = [], beforeAfter: BeforeAfter? = nil,
                growth: [GrowthPoint] = [], manifesto: String? = nil, earlierJourneys: [EarlierJourney]? = nil,
                statistics: Statistics, generatedAt: Date, timeZone: String? = nil, accent: String? = nil,
                plants: [Plant]? = nil) {
        self.version = version
        self.locale = locale
        self.userName = userName
        self.programTitle = programTitle
        self.startDate = startDate
        self.endDate = endDate
        self.wish = wish
        self.stages = stages
        self.photos = photos
        self.beforeAfter = beforeAfter
        self.growth = growth
        self.manifesto = manifesto
        self.earlierJourneys = earlierJourneys
        self.plants = plants
        self.statistics = statistics
        self.generatedAt = generatedAt
        self.timeZone = timeZone
        self.accent = accent
    }

    /// One stage of the program the user reached.
    public struct Stage: Codable, Equatable, Sendable {
        public var id: String
        public var title: String
        public var reachedOn: CalendarDay
        /// Older data's single practice, shown when `practices` is absent.
        public var practiceTitle: String?
        /// The practices of the stage the user reached, in order.
        public var practices: [String]?
        /// The user's own answers, in the order asked.
        public var answers: [Answer]
        /// The daily themes the user opened, in order.
        public var themes: [Theme]?
        /// Whether this stage's page shows the manifesto.
        public var holdsManifesto: Bool?

        public init(id: String, title: String, reachedOn: CalendarDay, practiceTitle: String? = nil,
                    practices: [String]? = nil, answers: [Answer] = [], themes: [Theme]? = nil,
                    holdsManifesto: Bool? = nil) {
            self.id = id
            self.title = title
            self.reachedOn = reachedOn
            self.practiceTitle = practiceTitle
            self.practices = practices
            self.answers = answers
            self.themes = themes
            self.holdsManifesto = holdsManifesto
        }

        /// The practices to print: `practices`, or the single older `practiceTitle`.
        var practiceTitles: [String] {
            practices ?? practiceTitle.map { [$0] } ?? []
        }
    }

    /// A daily theme the user opened: its title, the line it opens with, and the user's answer
    /// to its reflection question.
    public struct Theme: Codable, Equatable, Sendable {
        public var title: String
        public var note: String?
        public var answer: String?

        public init(title: String, note: String? = nil, answer: String? = nil) {
            self.title = title
            self.note = note
            self.answer = answer
        }
    }

    /// A journey the user started over from.
    public struct EarlierJourney: Codable, Equatable, Sendable {
        public var programTitle: String
        public var startDate: CalendarDay
        public var endDate: CalendarDay
        public var wish: String?
        public var answers: [Answer]
        public var manifesto: String?
        /// The photos sent during that journey, in day order, their days that journey's days.
        public var photos: [Photo]?

        public init(programTitle: String, startDate: CalendarDay, endDate: CalendarDay, wish: String? = nil,
                    answers: [Answer] = [], manifesto: String? = nil, photos: [Photo]? = nil) {
            self.programTitle = programTitle
            self.startDate = startDate
            self.endDate = endDate
            self.wish = wish
            self.answers = answers
            self.manifesto = manifesto
            self.photos = photos
        }
    }

    /// A state plant of the user's collection: the state, its line, when and on which kit it
    /// was earned, and the user's own words it quotes.
    public struct Plant: Codable, Equatable, Sendable {
        public var state: String
        public var line: String
        public var day: Int
        public var kit: String
        public var answer: String?

        public init(state: String, line: String, day: Int, kit: String, answer: String? = nil) {
            self.state = state
            self.line = line
            self.day = day
            self.kit = kit
            self.answer = answer
        }
    }

    /// A question of a practice and what the user answered.
    public struct Answer: Codable, Equatable, Sendable {
        public var question: String
        public var answer: String

        public init(question: String, answer: String) {
            self.question = question
            self.answer = answer
        }
    }

    /// A stored photo: an upright JPEG written by the media pipeline.
    public struct Photo: Codable, Equatable, Sendable {
        /// Absolute, or relative to the renderer's data directory.
        public var path: String
        /// Program day (0 = the planting day, as the bot numbers days everywhere).
        public var day: Int
        public var takenOn: CalendarDay
        /// Share of green pixels, 0…1, when analysed.
        public var greenCoverage: Double?
        /// The stage the photo belongs to; when nil the photo goes to the stage reached last
        /// on or before the day it was taken.
        public var stageId: String?

        public init(path: String, day: Int, takenOn: CalendarDay, greenCoverage: Double? = nil,
                    stageId: String? = nil) {
            self.path = path
            self.day = day
            self.takenOn = takenOn
            self.greenCoverage = greenCoverage
            self.stageId = stageId
        }
    }

    /// The first and the latest photo, shown side by side.
    public struct BeforeAfter: Codable, Equatable, Sendable {
        public var before: Photo
        public var after: Photo

        public init(before: Photo, after: Photo) {
            self.before = before
            self.after = after
        }
    }

    /// Green coverage measured on one program day.
    public struct GrowthPoint: Codable, Equatable, Sendable {
        public var day: Int
        /// 0…1.
        public var coverage: Double

        public init(day: Int, coverage: Double) {
            self.day = day
            self.coverage = coverage
        }
    }

    public struct Statistics: Codable, Equatable, Sendable {
        public var daysPractised: Int
        public var photos: Int
        public var stagesCompleted: Int
        public var stagesTotal: Int
        /// The figures the bot's `/stats` shows; absent in older exports.
        public var figures: Figures?

        public init(daysPractised: Int, photos: Int, stagesCompleted: Int, stagesTotal: Int, figures: Figures? = nil) {
            self.daysPractised = daysPractised
            self.photos = photos
            self.stagesCompleted = stagesCompleted
            self.stagesTotal = stagesTotal
            self.figures = figures
        }
    }

    /// The journey in figures, as `/stats` counts them: the program day, practices by stage,
    /// minutes, the user's own words, their themes and their longest run of practice days.
    public struct Figures: Codable, Equatable, Sendable {
        public var programDay: Int
        public var durationDays: Int
        /// Stages with a practice done, in program order.
        public var practices: [StageFigure]
        public var minutes: Int
        public var reflections: Int
        public var themes: [String]
        public var longestRun: Int

        public init(programDay: Int, durationDays: Int, practices: [StageFigure], minutes: Int, reflections: Int,
                    themes: [String], longestRun: Int) {
            self.programDay = programDay
            self.durationDays = durationDays
            self.practices = practices
            self.minutes = minutes
            self.reflections = reflections
            self.themes = themes
            self.longestRun = longestRun
        }
    }

    /// Practices done in one stage.
    public struct StageFigure: Codable, Equatable, Sendable {
        public var title: String
        public var practices: Int

        public init(title: String, practices: Int) {
            self.title = title
            self.practices = practices
        }
    }
}

// MARK: - JSON

extension PracticeDiaryData {
    /// Reads diary JSON (dates as ISO 8601), checking the version and the values' ranges.
    public static func decode(from json: Data) throws -> PracticeDiaryData {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        if let probe = try? decoder.decode(VersionProbe.self, from: json), probe.version != currentVersion {
            throw ReportsError.unsupportedVersion(probe.version)
        }
        let data: PracticeDiaryData
        do {
            data = try decoder.decode(PracticeDiaryData.self, from: json)
        } catch let error as ReportsError {
            throw error
        } catch let error as DecodingError {
            throw ReportsError.dataInvalid(Self.sentence(for: error))
        } catch {
            throw ReportsError.dataInvalid("it is not diary JSON")
        }
        try data.validate()
        return data
    }

    /// Writes diary JSON the way `decode` reads it (sorted keys, ISO 8601 dates).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Checks what the type system cannot: ranges and the supported locales.
    public func validate() throws {
        guard ["ru", "en"].contains(locale) else {
            throw ReportsError.dataInvalid("locale \"\(locale.prefix(10))\" is not \"ru\" or \"en\"")
        }
        if let endDate, endDate < startDate {
            throw ReportsError.dataInvalid("endDate \(endDate) is before startDate \(startDate)")
        }
        for photo in allPhotos {
            guard photo.day >= 0 else { throw ReportsError.dataInvalid("a photo has day \(photo.day); days start at 0") }
            guard !photo.path.isEmpty else { throw ReportsError.dataInvalid("a photo of day \(photo.day) has an empty path") }
            if let coverage = photo.greenCoverage, !(0...1).contains(coverage) {
                throw ReportsError.dataInvalid("green coverage \(coverage) of day \(photo.day) is outside 0…1")
            }
        }
        for point in growth {
            guard point.day >= 0, (0...1).contains(point.coverage) else {
                throw ReportsError.dataInvalid("growth point of day \(point.day) must have day ≥ 0 and coverage in 0…1")
            }
        }
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw ReportsError.dataInvalid("timeZone \"\(timeZone.prefix(40))\" is not an IANA time zone")
        }
        let stats = statistics
        guard stats.daysPractised >= 0, stats.photos >= 0, stats.stagesCompleted >= 0,
              stats.stagesTotal >= stats.stagesCompleted else {
            throw ReportsError.dataInvalid("statistics must be non-negative with stagesCompleted ≤ stagesTotal")
        }
        if let figures = stats.figures {
            let counts = [figures.programDay, figures.durationDays, figures.minutes, figures.reflections, figures.longestRun]
                + figures.practices.map(\.practices)
            guard counts.allSatisfy({ $0 >= 0 }) else { throw ReportsError.dataInvalid("statistics figures must be non-negative") }
        }
    }

    /// Every photo the diary mentions: this journey's, the before/after pair, earlier journeys'.
    var allPhotos: [Photo] {
        photos + [beforeAfter?.before, beforeAfter?.after].compactMap { $0 } + (earlierJourneys ?? []).flatMap { $0.photos ?? [] }
    }

    private struct VersionProbe: Decodable { let version: Int }

    private static func sentence(for error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "the key \"\(key.stringValue)\" is missing at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "the value at \(path(context)) has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "the value at \(path(context)) is malformed"
        @unknown default:
            return "it does not match the diary format"
        }
    }
}

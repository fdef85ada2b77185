import Bot
import Foundation
import Program
import Reports

/// The figures of one journey that `/stats` and the PDF diary's statistics page both show: one
/// calculation over the stored progress, the journey's photos and the practices' lengths, so the
/// two never disagree. Nothing here counts against a missed day: a run is only ever the longest
/// one so far, and it never resets to zero.
struct PracticeStatistics: Sendable, Equatable, Codable {
    /// The practices done in one stage (steps opened, themes opened, micro-practices answered).
    struct StageCount: Sendable, Equatable, Codable {
        var stageID: String
        var title: String
        var practices: Int
    }

    /// Green coverage of the latest photo of one program day.
    struct GrowthPoint: Sendable, Equatable, Codable {
        var day: Int
        var coverage: Double
    }

    /// A journey photo as the figures need it.
    struct Photo: Sendable, Equatable {
        var day: Int
        var greenCoverage: Double?
        var takenAt: Date

        init(day: Int, greenCoverage: Double?, takenAt: Date) {
            self.day = day
            self.greenCoverage = greenCoverage
            self.takenAt = takenAt
        }
    }

    /// The program day today (0 = the planting day) and the program's length.
    var programDay: Int
    var durationDays: Int
    /// Stages with at least one practice done, in program order.
    var stages: [StageCount]
    /// Minutes of practice: the recordings' lengths, or the scripts' stated pauses and words.
    var minutes: Int
    /// Answers and reflections the user wrote (not choices picked from buttons).
    var reflections: Int
    var photos: Int
    var growth: [GrowthPoint]
    /// Titles of the focus themes the user chose (or the defaults they kept), in program order.
    var themes: [String]
    /// The most consecutive calendar days with a practice.
    var longestRun: Int
    /// Calendar days with a practice ("2026-11-25", the user's zone), ascending.
    var practiceDays: [String]
    /// The journey's first calendar day and today's, for the calendar.
    var firstDay: String
    var today: String

    var practices: Int { stages.reduce(0) { $0 + $1.practices } }
    var daysPractised: Int { practiceDays.count }
}

extension PracticeStatistics {
    /// The figures of `progress` at `now`; nil when its program is not in the catalog.
    static func of(_ progress: UserProgress, catalog: ProgramCatalog, locale: String, photos: [Photo],
                          lengths: PracticeLengths, now: Date, timeZone: TimeZone) -> PracticeStatistics? {
        guard let program = catalog.program(id: progress.programID),
              let texts = program.texts[program.contentLocale(for: locale)] else { return nil }
        let themesOpened = ProgramEngine(catalog: catalog).themesOpened(by: progress, now: now, timeZone: timeZone)
        var counts: [StageCount] = []
        var seconds = 0.0
        for stage in program.stages where progress.stagesStarted[stage.id] != nil {
            let items = practised(in: stage, program: program, progress: progress, themesOpened: themesOpened)
            guard !items.isEmpty else { continue }
            seconds += items.reduce(0) { $0 + lengths.seconds(of: $1, program: program, texts: texts) }
            counts.append(StageCount(stageID: stage.id, title: PracticeDiaryExporter.plain(texts.stages[stage.id]?.title ?? stage.id),
                                     practices: items.count))
        }
        let journeyPhotos = photos.filter { PhotoDiary.belongs(takenAt: $0.takenAt, toJourneyStartedAt: progress.startedAt) }
        let days = practisedDays(progress, timeZone: timeZone)
        let chosen = (progress.themes ?? program.themes?.defaults ?? []).compactMap { texts.themes[$0]?.title }
        let first = ProgramSchedule.dayZero(of: progress, program: program) ?? progress.startedAt
        return PracticeStatistics(
            programDay: ProgramSchedule.programDay(of: progress, program: program, now: now, timeZone: timeZone),
            durationDays: program.durationDays, stages: counts, minutes: Int((seconds / 60).rounded()),
            reflections: written(progress), photos: journeyPhotos.count, growth: growth(of: journeyPhotos, cap: program.durationDays),
            themes: progress.themesConfirmed ? chosen.map(PracticeDiaryExporter.plain) : [], longestRun: longestRun(days),
            practiceDays: days.map(\.description), firstDay: CalendarDay(first, in: timeZone).description, today: CalendarDay(now, in: timeZone).description)
    }

    /// What the user practised in `stage`: the practice steps they reached (those their choices
    /// show), the themes they opened, and the micro-practices of its days they answered.
    static func practised(in stage: Stage, program: Program, progress: UserProgress, themesOpened: [String]) -> [PracticeItem] {
        var items: [PracticeItem] = []
        switch stage.kind {
        case .steps(let steps):
            var reached = steps
            if progress.stagesCompleted[stage.id] == nil, case .step(stage.id, let index) = progress.position {
                reached = Array(steps.prefix(index + 1))
            }
            items = reached.filter { $0.kind == .practice && stage.shows($0, choices: progress.choices) }
                .map { .narrated(.step(stage: stage.id, step: $0.id)) }
        case .themes:
            items = themesOpened.map { .narrated(.theme($0)) }
        case .manifesto:
            break
        }
        let micro = program.micro.filter { micro in
            program.stages.last { $0.day <= micro.day && progress.stagesStarted[$0.id] != nil }?.id == stage.id
                && !(progress.reflections?[micro.id] ?? "").isEmpty
        }
        return items + micro.map { .micro($0.id) }
    }

    /// The user's own words: answers to questions, the wish, and reflections.
    static func written(_ progress: UserProgress) -> Int {
        let answers = progress.answers.values.filter { !$0.isEmpty }.count
        let reflections = (progress.reflections ?? [:]).values.filter { !$0.isEmpty }.count
        return answers + reflections + (progress.wish.map { $0.isEmpty ? 0 : 1 } ?? 0)
    }

    /// Recorded practice days, and the days stages opened or closed (older progress kept only those).
    static func practisedDays(_ progress: UserProgress, timeZone: TimeZone) -> [CalendarDay] {
        let stageDays = (Array(progress.stagesStarted.values) + Array(progress.stagesCompleted.values)).map { CalendarDay($0, in: timeZone) }
        let recorded = (progress.practiceDays ?? []).compactMap { try? CalendarDay(iso: $0) }
        return Array(Set(stageDays + recorded)).sorted()
    }

    /// The most consecutive days in `days` (sorted, distinct).
    static func longestRun(_ days: [CalendarDay]) -> Int {
        var longest = 0, current = 0
        var previous: CalendarDay?
        for day in days {
            current = previous.map { $0.next == day } == true ? current + 1 : 1
            longest = max(longest, current)
            previous = day
        }
        return longest
    }

    /// One point per program day: the latest photo of that day says how green it was.
    static func growth(of photos: [Photo], cap: Int) -> [GrowthPoint] {
        var byDay: [Int: Double] = [:]
        for photo in photos.sorted(by: { ($0.day, $0.takenAt) < ($1.day, $1.takenAt) }) {
            byDay[min(photo.day, cap)] = photo.greenCoverage ?? 0
        }
        return byDay.keys.sorted().map { GrowthPoint(day: $0, coverage: min(1, max(0, byDay[$0] ?? 0))) }
    }
}

/// One practice the figures count.
enum PracticeItem: Equatable {
    case narrated(NarratedContent.Item)
    case micro(String)
}

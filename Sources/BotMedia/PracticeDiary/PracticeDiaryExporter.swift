import Bot
public import Foundation
public import Program
import Reports

/// Builds the PDF diary's data (`PracticeDiaryData`) from what the bot knows about one user: their
/// progress, the program's texts in their language and their stored photos. Pure: the store
/// reads, this assembles, Reports renders.
public struct PracticeDiaryExporter: Sendable {
    public let catalog: ProgramCatalog
    /// How long practices take, for the minutes on the statistics page (as `/stats` counts them).
    public let lengths: PracticeLengths

    public init(catalog: ProgramCatalog, lengths: PracticeLengths = PracticeLengths()) {
        self.catalog = catalog
        self.lengths = lengths
    }

    /// One stored photo as the diary needs it.
    public struct Photo: Sendable, Equatable {
        /// Path of the upright JPEG, relative to the data directory (e.g. `media/ab/cd/<sha>.jpg`).
        public var path: String
        /// Program day, 0 = the planting day (`ProgramEngine.programDay`, as the photos table records it).
        public var day: Int
        public var greenCoverage: Double
        /// When the user sent it: photos sent before the journey began are not its photos.
        public var createdAt: Date

        public init(path: String, day: Int, greenCoverage: Double, createdAt: Date) {
            self.path = path
            self.day = day
            self.greenCoverage = greenCoverage
            self.createdAt = createdAt
        }
    }

    /// The diary of `user`, or nil when they have not started a program yet.
    func export(user: UserRecord, photos: [Photo], now: Date) -> PracticeDiaryData? {
        guard let encoded = user.progress, let progress = ProgressCoding.decode(encoded),
              let program = catalog.program(id: progress.programID) else { return nil }
        let locale = program.contentLocale(for: user.locale)
        guard let texts = program.texts[locale] else { return nil }
        let zone = user.timeZone
        let practiceDiaryLocale = ["ru", "en"].contains(user.locale) ? user.locale : "ru"

        let manifesto = progress.manifesto.map(Self.withoutGaps)
        let themes = ProgramEngine(catalog: catalog).themesOpened(by: progress, now: now, timeZone: zone)
        let stages = program.stages.compactMap { stage -> PracticeDiaryData.Stage? in
            guard let reached = progress.stagesStarted[stage.id] else { return nil }
            let stageTexts = texts.stages[stage.id]
            return PracticeDiaryData.Stage(id: stage.id, title: Self.plain(stageTexts?.title ?? stage.id),
                                   reachedOn: CalendarDay(reached, in: zone),
                                   practices: practices(of: stage, texts: stageTexts, progress: progress),
                                   answers: answers(in: stage, texts: texts, progress: progress)
                                       + microAnswers(in: stage, program: program, texts: texts, progress: progress),
                                   themes: stage.kind == .themes ? themes.map { Self.theme($0, texts: texts, progress: progress) } : nil,
                                   holdsManifesto: stage.kind == .manifesto && manifesto != nil ? true : nil)
        }
        // This journey's photos only: those sent before a reset or a switch of kit count days of
        // another journey (the gallery keeps them).
        let journeyPhotos = photos.filter { PhotoDiary.belongs(takenAt: $0.createdAt, toJourneyStartedAt: progress.startedAt) }
        let practiceDiaryPhotos = journeyPhotos.sorted { ($0.day, $0.createdAt) < ($1.day, $1.createdAt) }.map {
            PracticeDiaryData.Photo(path: $0.path, day: min($0.day, program.durationDays), takenOn: CalendarDay($0.createdAt, in: zone),
                            greenCoverage: $0.greenCoverage)
        }
        var beforeAfter: PracticeDiaryData.BeforeAfter?
        if practiceDiaryPhotos.count >= 2, let first = practiceDiaryPhotos.first, let last = practiceDiaryPhotos.last {
            beforeAfter = PracticeDiaryData.BeforeAfter(before: first, after: last)
        }
        // One point per day: the latest photo of that day says how green it was.
        var coverageByDay: [Int: Double] = [:]
        for photo in practiceDiaryPhotos { coverageByDay[photo.day] = photo.greenCoverage ?? 0 }
        let growth = coverageByDay.keys.sorted().map { PracticeDiaryData.GrowthPoint(day: $0, coverage: coverageByDay[$0] ?? 0) }

        // The statistics page shows what /stats shows: one calculation for both.
        let figures = PracticeStatistics.of(progress, catalog: catalog, locale: user.locale,
                                            photos: photos.map { .init(day: $0.day, greenCoverage: $0.greenCoverage, takenAt: $0.createdAt) },
                                            lengths: lengths, now: now, timeZone: zone)
        var endDate: CalendarDay?
        if progress.status == .completed, let last = progress.stagesCompleted.values.max() {
            endDate = CalendarDay(last, in: zone)
        }
        return PracticeDiaryData(
            locale: practiceDiaryLocale, userName: user.firstName, programTitle: Self.plain(texts.title),
            // The journey's first date is its day 0 (planting completed), as the photos' days count.
            startDate: CalendarDay(ProgramSchedule.dayZero(of: progress, program: program) ?? progress.startedAt, in: zone),
            endDate: endDate,
            wish: progress.wish, stages: stages, photos: practiceDiaryPhotos, beforeAfter: beforeAfter, growth: growth,
            manifesto: manifesto, earlierJourneys: earlierJourneys(of: progress, photos: photos, locale: locale, zone: zone),
            statistics: PracticeDiaryData.Statistics(daysPractised: figures?.daysPractised ?? 0, photos: practiceDiaryPhotos.count,
                                             stagesCompleted: progress.stagesCompleted.count,
                                             stagesTotal: program.stages.count, figures: figures.map(Self.figures)),
            generatedAt: now, timeZone: zone.identifier, accent: program.colours?.accent,
            plants: plants(of: progress, locale: locale))
    }

    /// The user's state plants, as `/collection` shows them; nil when there are none.
    private func plants(of progress: UserProgress, locale: String) -> [PracticeDiaryData.Plant]? {
        let entries = CollectionCards(catalog: catalog).entries(of: progress, locale: locale)
        guard !entries.isEmpty else { return nil }
        return entries.map { PracticeDiaryData.Plant(state: $0.state, line: $0.line, day: $0.day, kit: $0.kit, answer: $0.answer) }
    }

    /// The figures `/stats` shows, as the diary prints them.
    static func figures(_ stats: PracticeStatistics) -> PracticeDiaryData.Figures {
        PracticeDiaryData.Figures(programDay: stats.programDay, durationDays: stats.durationDays,
                          practices: stats.stages.map { PracticeDiaryData.StageFigure(title: $0.title, practices: $0.practices) },
                          minutes: stats.minutes, reflections: stats.reflections, themes: stats.themes,
                          longestRun: stats.longestRun)
    }

    /// The practices of the stage the user has reached: all of a finished stage, up to the
    /// current step of the one they are in.
    private func practices(of stage: Stage, texts: StageTexts?, progress: UserProgress) -> [String]? {
        var reached = stage.steps
        if progress.stagesCompleted[stage.id] == nil, case .step(stage.id, let index) = progress.position {
            reached = Array(stage.steps.prefix(index + 1))
        }
        let titles = reached.filter { $0.kind == .practice && stage.shows($0, choices: progress.choices) }.compactMap { texts?.steps[$0.id]?.title }.map(Self.plain)
        return titles.isEmpty ? nil : titles
    }

    /// A theme's title, the sentence it opens with and the user's reflection on it.
    private static func theme(_ id: String, texts: ProgramTexts, progress: UserProgress) -> PracticeDiaryData.Theme {
        let answer = progress.reflections?[id]
        guard let theme = texts.themes[id] else { return PracticeDiaryData.Theme(title: id, answer: answer) }
        let text = plain(theme.text)
        let end = text.firstIndex { ".!?\n".contains($0) }.map { text.index(after: $0) } ?? text.endIndex
        let lead = text[..<end].trimmingCharacters(in: .whitespacesAndNewlines)
        return PracticeDiaryData.Theme(title: plain(theme.title), note: lead.isEmpty || lead.count > 160 ? nil : lead, answer: answer)
    }

    /// The journeys the user started over from, with their words in the questions' order.
    private func earlierJourneys(of progress: UserProgress, photos: [Photo], locale: String,
                                 zone: TimeZone) -> [PracticeDiaryData.EarlierJourney]? {
        guard let journeys = progress.earlierJourneys, !journeys.isEmpty else { return nil }
        return journeys.map { journey in
            let program = catalog.program(id: journey.programID)
            let texts = program.flatMap { $0.texts[$0.contentLocale(for: locale)] }
            var answers: [PracticeDiaryData.Answer] = []
            for stage in program?.stages ?? [] {
                for step in stage.steps {
                    let key = UserProgress.key(stage: stage.id, step: step.id)
                    let question = Self.plain(texts?.stages[stage.id]?.steps[step.id]?.title ?? step.id)
                    if let answer = journey.answers[key], !answer.isEmpty {
                        answers.append(PracticeDiaryData.Answer(question: question, answer: answer))
                    } else if let option = journey.choices[key] {
                        answers.append(PracticeDiaryData.Answer(question: question, answer: Self.plain(texts?.choices[option] ?? option)))
                    }
                }
            }
            for (id, answer) in (journey.reflections ?? [:]).sorted(by: { $0.key < $1.key }) where !answer.isEmpty {
                let question = texts?.themes[id]?.question ?? texts?.micro[id]?.question ?? texts?.themes[id]?.title ?? id
                answers.append(PracticeDiaryData.Answer(question: Self.plain(question), answer: answer))
            }
            return PracticeDiaryData.EarlierJourney(programTitle: Self.plain(texts?.title ?? journey.programID),
                                            startDate: CalendarDay(journey.startedAt, in: zone),
                                            endDate: CalendarDay(journey.endedAt, in: zone),
                                            wish: journey.wish, answers: answers, manifesto: journey.manifesto.map(Self.withoutGaps),
                                            photos: Self.photos(of: journey, among: photos, program: program, zone: zone))
        }
    }

    /// The photos sent while `journey` ran (from its start to the next one's), in day order; nil when none.
    private static func photos(of journey: EarlierJourney, among photos: [Photo], program: Program?,
                               zone: TimeZone) -> [PracticeDiaryData.Photo]? {
        let own = photos.filter {
            PhotoDiary.belongs(takenAt: $0.createdAt, toJourneyStartedAt: journey.startedAt)
                && !PhotoDiary.belongs(takenAt: $0.createdAt, toJourneyStartedAt: journey.endedAt)
        }
        guard !own.isEmpty else { return nil }
        return own.sorted { ($0.day, $0.createdAt) < ($1.day, $1.createdAt) }.map {
            PracticeDiaryData.Photo(path: $0.path, day: min($0.day, program?.durationDays ?? $0.day), takenOn: CalendarDay($0.createdAt, in: zone),
                            greenCoverage: $0.greenCoverage)
        }
    }

    /// Manifestos stored before skipped answers were left out show them as "Label: …"; such a
    /// line says nothing, so the diary leaves it out too.
    static func withoutGaps(_ manifesto: String) -> String {
        let lines = manifesto.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { line in
            guard let colon = line.lastIndex(of: ":") else { return true }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) != "…"
        }
        guard kept.count != lines.count else { return manifesto }
        var tidy: [Substring] = []
        for line in kept where !(line.isEmpty && (tidy.last?.isEmpty ?? true)) { tidy.append(line) }
        if tidy.last?.isEmpty == true { tidy.removeLast() }
        return tidy.joined(separator: "\n")
    }

    /// The user's own words (questions) and picks (choices), in the order the stage asks them.
    /// The wish has its own place on the cover.
    private func answers(in stage: Stage, texts: ProgramTexts, progress: UserProgress) -> [PracticeDiaryData.Answer] {
        let stageTexts = texts.stages[stage.id]
        return stage.steps.compactMap { step in
            let key = UserProgress.key(stage: stage.id, step: step.id)
            let question = Self.plain(stageTexts?.steps[step.id]?.title ?? step.id)
            switch step.kind {
            case .question:
                guard let answer = progress.answers[key], !answer.isEmpty else { return nil }
                return PracticeDiaryData.Answer(question: question, answer: answer)
            case .choice:
                guard let option = progress.choices[key] else { return nil }
                let label = texts.choices[option] ?? option
                return PracticeDiaryData.Answer(question: question, answer: Self.plain(label))
            default:
                return nil
            }
        }
    }

    /// The reflections of the micro-practices that fall in this stage's days, under their
    /// questions. A micro-practice answered while its stage was never opened goes under the
    /// latest stage the user opened by its day, so the answer is never left out.
    private func microAnswers(in stage: Stage, program: Program, texts: ProgramTexts, progress: UserProgress) -> [PracticeDiaryData.Answer] {
        program.micro.filter { micro in
            program.stages.last { $0.day <= micro.day && progress.stagesStarted[$0.id] != nil }?.id == stage.id
        }.compactMap { micro in
            guard let answer = progress.reflections?[micro.id], !answer.isEmpty else { return nil }
            let question = texts.micro[micro.id]?.question ?? texts.micro[micro.id]?.title ?? micro.id
            return PracticeDiaryData.Answer(question: Self.plain(question), answer: answer)
        }
    }

    /// Program texts are Telegram HTML; the PDF wants the words.
    static func plain(_ html: String) -> String {
        (try? TelegramHTML.plainText(of: html)) ?? html
    }
}

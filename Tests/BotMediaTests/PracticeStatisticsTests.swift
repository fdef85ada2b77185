@testable import Bot
@testable import BotMedia
import TestSupport
import Foundation
import Media
import Program
import Reports
import Testing

/// The figures of `/stats` and the diary's statistics page, against journeys whose practice is
/// known step by step.
@Suite struct PracticeStatisticsTests {
    typealias Walker = PracticeDiaryExporterTests.Walker

    func statistics(_ walker: Walker, photos: [PracticeStatistics.Photo] = [], lengths: PracticeLengths = PracticeLengths())
        throws -> PracticeStatistics {
        let progress = try #require(walker.progress)
        return try #require(PracticeStatistics.of(progress, catalog: walker.engine.catalog, locale: walker.locale, photos: photos,
                                                  lengths: lengths, now: walker.now, timeZone: walker.zone))
    }

    /// The whole microgreens journey, walked by someone who answers every question in words,
    /// takes the first option (the seeds cracked), keeps the default themes and comes back daily.
    @Test(arguments: [("ru", "Europe/Moscow"), ("en", "America/New_York")])
    func aWholeMicrogreensJourneyCountsEveryPracticeByStage(locale: String, zone: String) throws {
        var walker = Walker(engine: try loadEngine(), locale: locale, zone: try #require(TimeZone(identifier: zone)))
        walker.walk()
        let stats = try statistics(walker)

        // planting: tray, sowing, watering, closing; sprouts: roots-first (the "cracked" branch);
        // microgreens: light, water, palm; harvest: ready, first cut; seven themes; final: five
        #expect(stats.stages.map(\.stageID) == ["planting", "sprouts", "microgreens", "harvest", "baby-leaf", "final"])
        #expect(stats.stages.map(\.practices) == [4, 1, 3, 2, 7, 5])
        #expect(stats.practices == 22)
        #expect((stats.programDay, stats.durationDays) == (20, 20))
        // five questions answered and the wish, in words; no micro-practice was answered
        let progress = try #require(walker.progress)
        #expect(progress.reflections?.values.allSatisfy(\.isEmpty) ?? true, "the walker answers no reflection")
        #expect(stats.reflections == 6)
        // the default themes, by title in the user's language
        let texts = try #require(walker.engine.catalog.program(id: "microgreens")?.texts[locale])
        #expect(stats.themes == ["sharing", "slowness", "roots", "light", "true-leaves", "enough", "listening"].compactMap { texts.themes[$0]?.title })
        // the same twelve practice days the diary counts, with runs of two at most (7–8, 10–11, 19–20)
        #expect(stats.daysPractised == 12)
        #expect(stats.longestRun == 2)
        #expect(stats.minutes > 0)
        // one source: the diary's statistics page shows these figures
        var user = UserRecord(id: 7, firstName: "Вера", languageCode: locale, locale: locale, now: walker.now)
        user.timezone = zone
        user.progress = ProgressCoding.encode(progress)
        let diary = try #require(PracticeDiaryExporter(catalog: walker.engine.catalog).export(user: user, photos: [], now: walker.now))
        #expect(diary.statistics.daysPractised == stats.daysPractised)
        #expect(diary.statistics.figures == PracticeDiaryExporter.figures(stats))
    }

    @Test(arguments: ["ru", "en"])
    func theCardShowsARunOnlyOnceItIsMoreThanADay(locale: String) throws {
        var walker = Walker(engine: try loadEngine(), locale: locale, zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.walk(untilDay: 1)
        let strings = try loadStrings()
        let wording = StatsWording(strings: strings)
        let planting = CalendarDay(try #require(walker.progress?.stagesStarted["planting"]), in: walker.zone)
        // Given practice on the planting day and two days later: no run of two, so the tile counts days with a practice
        walker.progress?.practiceDays = [planting.description, planting.adding(days: 2).description]
        let single = wording.card(try statistics(walker), kit: "Kit", locale: locale, colours: nil, dayLabel: String.init)
        #expect(single.figures.last?.label == PracticeDiaryExporter.plain(strings.text("stats_label_days", locale, ["count": "2"])))
        #expect(single.figures.last?.value == "2")
        // Given two days in a row: the run is shown, as "your longest"
        walker.progress?.practiceDays = [planting.description, planting.adding(days: 1).description]
        let two = wording.card(try statistics(walker), kit: "Kit", locale: locale, colours: nil, dayLabel: String.init)
        #expect(two.figures.last?.label == PracticeDiaryExporter.plain(strings.text("stats_label_run", locale, ["count": "2"])))
        #expect(two.figures.last?.value == "2")
    }

    @Test func theLongestRunIsTheLongestSoFarAndAMissedDayNeverTakesItAway() throws {
        var walker = Walker(engine: try loadEngine(), locale: "ru", zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.walk(untilDay: 1)
        // Given practice on the planting day and the three days after it, a quiet day, then two more
        let started = try #require(walker.progress?.stagesStarted["planting"])
        let planting = CalendarDay(started, in: walker.zone)
        #expect(walker.progress?.stagesCompleted.values.allSatisfy { CalendarDay($0, in: walker.zone) == planting } == true)
        walker.progress?.practiceDays = [0, 1, 2, 3, 5, 6].map { planting.adding(days: $0).description }
        #expect(try statistics(walker).longestRun == 4)
        // When the user misses a week and comes back for one day, the run of four stays theirs
        walker.progress?.practiceDays?.append(planting.adding(days: 14).description)
        let later = try statistics(walker)
        #expect(later.longestRun == 4)
        #expect(later.practiceDays.count == 7 && later.practiceDays.last == planting.adding(days: 14).description)
    }

    @Test func photosOfAnEarlierJourneyDoNotCountAndEachDayShowsItsLatestPhoto() throws {
        var walker = Walker(engine: try loadEngine(), locale: "en", zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.walk(untilDay: 3)
        let start = try #require(walker.progress?.startedAt)
        let photos = [
            PracticeStatistics.Photo(day: 5, greenCoverage: 0.5, takenAt: start.addingTimeInterval(-86_400)),  // before this journey
            PracticeStatistics.Photo(day: 1, greenCoverage: 0.02, takenAt: start.addingTimeInterval(86_400)),
            PracticeStatistics.Photo(day: 2, greenCoverage: 0.04, takenAt: start.addingTimeInterval(2 * 86_400)),
            PracticeStatistics.Photo(day: 2, greenCoverage: 0.06, takenAt: start.addingTimeInterval(2 * 86_400 + 3_600)),
        ]
        let stats = try statistics(walker, photos: photos)
        #expect(stats.photos == 3)
        #expect(stats.growth == [.init(day: 1, coverage: 0.02), .init(day: 2, coverage: 0.06)])
    }

    @Test func aScriptsLengthIsItsStatedPausesAndItsWordsAtACalmPace() {
        let words = Array(repeating: "слово", count: 130).joined(separator: " ")
        #expect(PracticeLengths.seconds(ofScript: "\(words) {pause:30}\n\n{pause:15}") == 60 + 45)
        #expect(PracticeLengths.seconds(ofScript: "") == 0)
    }

    /// Minutes are the practices' lengths: the planting steps reached so far, none of the others.
    @Test func minutesCountOnlyThePracticesReached() throws {
        var walker = Walker(engine: try loadEngine(), locale: "ru", zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.send(.start(kitCode: "mg-1"))
        _ = walker.press(walker.strings[.continueButton])
        // On the first planting step: one practice, as long as its narration script says
        let texts = try #require(walker.engine.catalog.program(id: "microgreens")?.texts["ru"])
        let script = try #require(texts.stages["planting"]?.steps["prepare-tray"]?.narration)
        let stats = try statistics(walker)
        #expect(stats.practices == 1)
        #expect(stats.minutes == Int((PracticeLengths.seconds(ofScript: script) / 60).rounded()))
        #expect(stats.minutes > 0)
    }

    @Test func theCalendarRunsMondayFirstFromTheFirstDayToToday() throws {
        // 2026-11-05 is a Thursday; today is Monday the 16th
        let stats = PracticeStatistics(programDay: 11, durationDays: 20, stages: [], minutes: 0, reflections: 0, photos: 0, growth: [],
                                       themes: [], longestRun: 2, practiceDays: ["2026-11-05", "2026-11-06", "2026-11-12"],
                                       firstDay: "2026-11-05", today: "2026-11-16")
        let weeks = PracticeCalendar.weeks(of: stats)
        #expect(weeks.count == 3 && weeks.allSatisfy { $0.count == 7 })
        #expect(weeks[0].map(\.dayOfMonth) == [2, 3, 4, 5, 6, 7, 8])
        #expect(weeks[0].map(\.kind) == [.outside, .outside, .outside, .practised, .practised, .quiet, .quiet])
        #expect(weeks[1][3].kind == .practised)
        #expect(weeks[2][0].isToday && weeks[2][0].kind == .quiet)
        #expect(weeks[2][1].kind == .outside)
    }

    /// A journey that ended weeks ago shows its own weeks, not empty weeks up to today.
    @Test func theCalendarOfAJourneyLongOverEndsAtItsLastPracticeDay() throws {
        let stats = PracticeStatistics(programDay: 20, durationDays: 20, stages: [], minutes: 0, reflections: 0, photos: 0, growth: [],
                                       themes: [], longestRun: 1, practiceDays: ["2026-11-05", "2026-11-18"],
                                       firstDay: "2026-11-05", today: "2027-01-20")
        let weeks = PracticeCalendar.weeks(of: stats)
        #expect(weeks.count == 3)
        #expect(weeks[2][2].dayOfMonth == 18 && weeks[2][2].kind == .practised)
        #expect(weeks[2][3].kind == .outside)
        #expect(weeks.joined().allSatisfy { !$0.isToday })
    }
}

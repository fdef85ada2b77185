import Foundation
import Testing
@testable import Program

@Suite struct ScheduleTests {
    let moscow = TimeZone(identifier: "Europe/Moscow")!

    func progress(startedAt: Date, holds: [Hold] = [], status: UserProgress.Status = .active) throws -> UserProgress {
        let catalog = try Fixtures.loadValid()
        var progress = UserProgress(program: try #require(catalog.program(id: "tiny")), kitCode: nil, locale: "ru", now: startedAt)
        progress.stagesCompleted["plant"] = startedAt // planting complete: day 0 is that day
        progress.holds = holds
        progress.status = status
        return progress
    }

    func tiny() throws -> Program {
        try #require(try Fixtures.loadValid().program(id: "tiny"))
    }

    func date(_ text: String, _ zone: TimeZone) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    @Test func dayZeroIsThePlantingDayAndDaysTurnAtLocalMidnight() throws {
        let given = try progress(startedAt: date("2026-03-02 23:30", moscow))
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-02 23:59", moscow), timeZone: moscow) == 0)
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-03 00:01", moscow), timeZone: moscow) == 1)
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-07 12:00", moscow), timeZone: moscow) == 5)
        // The day never passes the program's length (6 days for this program).
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-20 12:00", moscow), timeZone: moscow) == 6)
        // A clock before the start never gives a negative day.
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-01 12:00", moscow), timeZone: moscow) == 0)
    }

    @Test func theDaysStartWhenPlantingIsCompleteNotAtActivation() throws {
        // Given a user who activated on Monday and is still planting on Thursday
        var given = try progress(startedAt: date("2026-03-02 09:00", moscow))
        given.stagesCompleted = [:]
        given.position = .step(stage: "plant", index: 0)
        let catalog = try Fixtures.loadValid()
        // Then the program stands at day 0 and nothing is scheduled
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-05 12:00", moscow), timeZone: moscow) == 0)
        #expect(ProgramSchedule.unlocks(of: given, timeZone: moscow, catalog: catalog).isEmpty)
        // When planting is completed on Thursday evening, Thursday is day 0 and Friday day 1
        given.stagesCompleted["plant"] = date("2026-03-05 20:00", moscow)
        given.position = .stageDone(stage: "plant")
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-05 23:00", moscow), timeZone: moscow) == 0)
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-06 09:00", moscow), timeZone: moscow) == 1)
        #expect(ProgramSchedule.unlocks(of: given, timeZone: moscow, catalog: catalog).first?.at == date("2026-03-07 00:00", moscow))
    }

    @Test func aPauseHoldsTheDayAndShiftsTheRestByThePausedDays() throws {
        // Paused on day 1 (Tuesday), resumed on Friday: three calendar days held.
        let pause = Hold(kind: .pause, from: date("2026-03-03 10:00", moscow), until: date("2026-03-06 10:00", moscow), days: nil)
        let given = try progress(startedAt: date("2026-03-02 09:00", moscow), holds: [pause])
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-06 12:00", moscow), timeZone: moscow) == 1)
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-07 12:00", moscow), timeZone: moscow) == 2)
    }

    @Test func anOpenPauseFreezesTheDay() throws {
        let pause = Hold(kind: .pause, from: date("2026-03-03 10:00", moscow), until: nil, days: nil)
        let given = try progress(startedAt: date("2026-03-02 09:00", moscow), holds: [pause], status: .paused)
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-20 12:00", moscow), timeZone: moscow) == 1)
    }

    @Test func aSkippedWeekHoldsTheDayForSevenDaysFromNowOn() throws {
        let skip = Hold(kind: .skipWeek, from: date("2026-03-04 10:00", moscow), until: nil, days: 7)
        let given = try progress(startedAt: date("2026-03-02 09:00", moscow), holds: [skip])
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-04 12:00", moscow), timeZone: moscow) == 2)
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-11 12:00", moscow), timeZone: moscow) == 2)
        #expect(ProgramSchedule.programDay(of: given, program: try tiny(), now: date("2026-03-12 12:00", moscow), timeZone: moscow) == 3)
    }

    @Test func unlocksAreAtLocalMidnightOfTheirDayInTheUsersZone() throws {
        let catalog = try Fixtures.loadValid()
        let newYork = TimeZone(identifier: "America/New_York")!
        // Started the evening before the spring-forward night (2026-03-08).
        let given = try progress(startedAt: date("2026-03-07 20:00", newYork))
        let unlocks = ProgramSchedule.unlocks(of: given, timeZone: newYork, catalog: catalog)
        #expect(unlocks.map(\.stageID) == ["plant", "sprout", "leaves", "leaves", "final", "manifesto"])
        #expect(unlocks.map(\.slot) == [nil, nil, 0, 1, nil, nil])
        #expect(unlocks[1].at == date("2026-03-09 00:00", newYork))
        #expect(unlocks[2].at == date("2026-03-10 00:00", newYork))
        let next = ProgramSchedule.nextUnlock(of: given, after: date("2026-03-09 08:00", newYork), timeZone: newYork, catalog: catalog)
        #expect(next?.stageID == "leaves" && next?.day == 3)
    }

    @Test func pausedProgramsHaveNoUnlocks() throws {
        let catalog = try Fixtures.loadValid()
        let pause = Hold(kind: .pause, from: date("2026-03-03 10:00", moscow), until: nil, days: nil)
        let given = try progress(startedAt: date("2026-03-02 09:00", moscow), holds: [pause], status: .paused)
        #expect(ProgramSchedule.unlocks(of: given, timeZone: moscow, catalog: catalog).isEmpty)
    }

    @Test func aGentlePaceSpreadsThemesOnItsOwnDays() throws {
        let catalog = try Fixtures.loadValid()
        let tiny = try #require(catalog.program(id: "tiny"))
        var given = try progress(startedAt: date("2026-03-02 09:00", moscow))
        #expect(ThemePlan(progress: given, program: tiny).slots == [.init(theme: "calm", day: 3), .init(theme: "light", day: 5)])
        given.pace = "gentle"
        given.themes = ["water"]
        #expect(ThemePlan(progress: given, program: tiny).slots == [.init(theme: "water", day: 4)])
    }
}

import Foundation
import Testing
@testable import Program

/// Pause, resume, skip a week, stop, reset, kit switching, status and settings.
@Suite struct EngineLifecycleTests {
    /// A user on the tiny program who has finished planting (sprouts open on day 2).
    func afterPlanting(locale: String = "en") throws -> Journey {
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: locale)
        journey.send(.start(kitCode: "tn-1"))
        journey.press(locale == "en" ? "Continue" : "Продолжить")
        for label in ["Next →", "Skip", "Skip", "Skip", "Next →"] { journey.press(label) }
        return journey
    }

    @Test func pauseFreezesTheDaysAndResumeShiftsTheScheduleByThePausedTime() throws {
        var journey = try afterPlanting()
        journey.send(.pause)
        #expect(journey.last.events == [.paused])
        #expect(journey.progress?.status == .paused)
        #expect(journey.buttons.map(\.label) == ["Resume the journey"])
        journey.advance(days: 5)
        #expect(journey.day == 0)
        // Buttons that move through the program wait while paused.
        journey.send(.continueProgram)
        #expect(journey.last.events == [.resumed])
        #expect(journey.progress?.status == .active)
        // Paused Monday, back Saturday: sprouts now open on day 2 = Monday 9 March.
        #expect(journey.lastText.contains("opens on Monday 9 March"))
        let next = journey.engine.nextUnlock(of: try #require(journey.progress), after: journey.now, timeZone: journey.timeZone)
        #expect(next?.stageID == "sprout")
    }

    @Test func resumeExplainsWhatComesNext() throws {
        var journey = try afterPlanting()
        journey.send(.pause)
        journey.send(.pause)
        #expect(journey.lastText.contains("paused right now"))
        journey.advance(days: 1)
        journey.press("Resume the journey")
        #expect(journey.lastText.hasPrefix("Welcome back! The journey is moving again."))
        #expect(journey.lastText.contains("“Sprouts”, opens on Thursday 5 March"))
        journey.send(.resume)
        #expect(journey.lastText.contains("already running"))
    }

    @Test func resumeByAUserWhoIsBehindNamesThePracticeContinueOpens() throws {
        var journey = try afterPlanting()
        journey.advance(days: 3)
        journey.send(.continueProgram)
        #expect(journey.lastText.hasPrefix("Sprouts · step 1"))
        journey.send(.pause)
        journey.advance(days: 4)
        journey.send(.resume)
        // Sprouts are open and unfinished: Continue opens them, so the welcome names them, not a later stage.
        #expect(journey.lastText.hasPrefix("Welcome back! The journey is moving again."))
        #expect(journey.lastText.contains("Your practice is waiting: <b>Sprouts</b>"))
        #expect(!journey.lastText.contains("opens on"))
        journey.press("Continue")
        #expect(journey.progress?.position == .step(stage: "sprout", index: 0))
    }

    @Test func aSkippedWeekCanBeUndoneTheSameDayButNotLater() throws {
        var journey = try afterPlanting()
        journey.send(.skipWeek)
        journey.press("No, keep it")
        #expect(journey.progress?.holds.isEmpty == true, "cancelled: nothing skipped")
        journey.send(.skipWeek)
        journey.press("Yes, skip a week")
        journey.press("Undo the skip")
        #expect(journey.lastText.hasPrefix("Done, the skip is undone"))
        #expect(journey.lastText.contains("opens on Wednesday 4 March (day 2)"))
        #expect(journey.progress?.holds.isEmpty == true)
        journey.send(.skipWeek)
        journey.press("Yes, skip a week")
        journey.advance(days: 1)
        journey.press("Undo the skip")
        #expect(journey.lastText.hasPrefix("A skipped week can only be undone on the day"))
        #expect(journey.progress?.holds.count == 1)
        // A week added to the running skip can be taken back on the day it was added
        journey.send(.skipWeek)
        journey.press("Yes, skip a week")
        #expect(journey.progress?.holds.first?.days == 14)
        journey.press("Undo the skip")
        #expect(journey.lastText.hasPrefix("Done, the skip is undone"))
        #expect(journey.progress?.holds.first?.days == 7)
    }

    @Test func aWeekCannotBeSkippedBeforePlanting() throws {
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        journey.send(.start(kitCode: nil))
        journey.send(.skipWeek)
        #expect(journey.lastText.hasPrefix("There’s nothing to move yet"))
        #expect(journey.progress?.holds.isEmpty == true && journey.progress?.pendingConfirmation == nil)
    }

    @Test func skippingAWeekMovesTheRemainingProgramBySevenDays() throws {
        var journey = try afterPlanting()
        journey.send(.skipWeek)
        #expect(journey.last.events.isEmpty, "asks first")
        #expect(journey.lastText.hasPrefix("Skip a week?"))
        journey.press("Yes, skip a week")
        #expect(journey.last.events == [.weekSkipped])
        #expect(journey.lastText.contains("opens on Wednesday 11 March (day 2)"))
        journey.advance(days: 3)
        #expect(journey.day == 0)
        journey.send(.skipWeek)
        journey.press("Yes, skip a week")
        // A second skip while the first still runs extends it instead of overlapping.
        #expect(journey.lastText.contains("opens on Wednesday 18 March (day 2)"))
        journey.advance(days: 12)
        #expect(journey.day == 1)
        journey.advance(days: 1)
        #expect(journey.day == 2)
    }

    @Test func stopSaysGoodbyeKeepsDataAndStartResumesWhereTheUserWas() throws {
        var journey = try afterPlanting()
        journey.progress?.answers["plant.intention"] = "kept"
        journey.send(.stop)
        #expect(journey.last.events == [.stopped])
        #expect(journey.progress?.status == .stopped)
        #expect(journey.lastText.contains("Your answers and your wish are kept"))
        #expect(journey.progress?.answers["plant.intention"] == "kept")
        journey.send(.text("are you there?"))
        #expect(journey.lastText.contains("not asking anything"))
        journey.advance(days: 10)
        journey.send(.start(kitCode: nil))
        #expect(journey.last.events == [.resumed])
        #expect(journey.texts.first == "Welcome back! Let’s go on with “Planting”.")
        // Stopped days do not count: still before sprouts.
        #expect(journey.day == 0)
    }

    @Test func resetAsksFirstAndCancelKeepsEverything() throws {
        var journey = try afterPlanting()
        journey.send(.resetRequested)
        #expect(journey.buttons.map(\.label) == ["Yes, start over", "No, keep it"])
        let cancel = try #require(journey.button("No, keep it"))
        journey.press("No, keep it")
        #expect(journey.progress?.pendingConfirmation == nil)
        #expect(journey.progress?.stagesCompleted["plant"] != nil)
        journey.send(.callback(payload: cancel.payload))
        #expect(journey.lastText.contains("no longer active"))
    }

    @Test func confirmedResetStartsFromScratch() throws {
        var journey = try afterPlanting()
        journey.advance(days: 3)
        journey.send(.resetRequested)
        journey.press("Yes, start over")
        #expect(journey.last.events == [.reset, .activated(programID: "tiny", kitCode: "tn-1")])
        #expect(journey.progress?.position == .welcome)
        #expect(journey.progress?.stagesCompleted.isEmpty == true)
        #expect(journey.progress?.startedAt == journey.now)
        #expect(journey.day == 0)
    }

    @Test func anotherKitsCodeOffersToSwitchPrograms() throws {
        var journey = try afterPlanting()
        journey.send(.start(kitCode: "mn-5"))
        #expect(journey.lastText.contains("Start “Мини” now?") && journey.lastText.contains("your collection stay with you"))
        journey.press("Start now")
        #expect(journey.progress?.programID == "mini")
        #expect(journey.last.events == [.reset, .nextKitStarted(programID: "mini"), .activated(programID: "mini", kitCode: "mn-5")])
    }

    @Test func anUnknownKitCodeFallsBackWithANote() throws {
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        journey.send(.start(kitCode: "zz-<b>"))
        #expect(journey.texts.first == "I didn’t recognise the kit code “zz-&lt;b&gt;”, so we’ll begin with “Tiny”. If your package shows a different code, send /start with it.")
        #expect(journey.progress?.programID == "tiny")
    }

    @Test func aProgramWithoutTheUsersLanguageFallsBackToRussianContent() throws {
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        journey.send(.start(kitCode: "mn-1"))
        #expect(journey.texts == ["Привет."])
        #expect(journey.buttons.map(\.label) == ["Continue"])
    }

    @Test func statusShowsDayStageNextUnlockPhotosThemesAndPace() throws {
        var journey = try afterPlanting()
        journey.photoCount = 3
        journey.send(.status)
        #expect(journey.lastText == """
            <b>Tiny</b>
            Day 0 of 6
            Stage: Planting
            Next: Sprouts — Wednesday 4 March
            Photos in your diary: 3
            Themes: not chosen yet (you’ll choose on day 3)
            Pace: Standard pace
            """)
        journey.send(.pause)
        journey.send(.status)
        #expect(journey.lastText.contains("Paused since Monday 2 March"))
        #expect(!journey.lastText.contains("Next:"))
    }

    @Test func withoutProgressEverythingButStartAsksToStart() throws {
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        for input in [ProgramInput.status, .continueProgram, .pause, .text("hi"), .settings, .resetRequested] {
            journey.send(input)
            #expect(journey.progress == nil)
            #expect(journey.lastText.contains("Send /start"))
        }
        journey.send(.callback(payload: "k"))
        #expect(journey.lastText.contains("no longer active"))
    }

    @Test func settingsOffersThemesPaceAndRestartAsExtensibleRows() throws {
        var journey = try afterPlanting()
        journey.send(.settings)
        #expect(journey.lastText.contains("Themes: not chosen yet (you’ll choose on day 3)\nPace: Standard pace"))
        #expect(journey.last.messages.last?.buttons.map { $0.map(\.label) } == [["Practice themes"], ["✓ Standard pace", "Gentle pace"], ["Start over"]])
        let rows = journey.engine.settingsKeyboard(progress: try #require(journey.progress), locale: "en")
        #expect(rows == journey.last.messages.last?.buttons)
        journey.press("Gentle pace")
        #expect(journey.progress?.pace == "gentle")
        #expect(journey.last.messages.last?.replacesSource == true)
        #expect(journey.lastText.contains("Pace: Gentle pace"))
        journey.press("Start over")
        #expect(journey.progress?.pendingConfirmation == .reset)
    }

    @Test func theSchedulerGetsTheNextUnlockAndItsReminderText() throws {
        var journey = try afterPlanting()
        let progress = try #require(journey.progress)
        let unlock = try #require(journey.engine.nextUnlock(of: progress, after: journey.now, timeZone: journey.timeZone))
        #expect(unlock.stageID == "sprout" && unlock.slot == nil && unlock.day == 2)
        let reminder = try #require(journey.engine.unlockMessage(for: unlock, progress: progress, locale: "en"))
        #expect(reminder.text == "Sprouts are up.")
        #expect(reminder.buttons.map { $0.map(\.label) } == [["Continue"]])
        // Pressing the reminder's Continue on the day starts the stage.
        journey.now = unlock.at.addingTimeInterval(10 * 3_600)
        journey.send(.callback(payload: reminder.buttons[0][0].payload))
        #expect(journey.last.events == [.stageStarted("sprout")])
    }

    @Test func progressSurvivesAJSONRoundTrip() throws {
        let journey = try afterPlanting()
        let progress = try #require(journey.progress)
        let data = try JSONEncoder().encode(progress)
        #expect(try JSONDecoder().decode(UserProgress.self, from: data) == progress)
    }
}

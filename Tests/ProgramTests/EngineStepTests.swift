import Foundation
import Testing
@testable import Program

/// Step stages on the tiny fixture program: navigation, answers, wishes, choices, menus.
@Suite struct EngineStepTests {
    func started(locale: String = "en") throws -> Journey {
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: locale)
        journey.send(.start(kitCode: "tn-1"))
        return journey
    }

    @Test func startGreetsByNameEscapedAndRecordsActivation() throws {
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        journey.send(.start(kitCode: "tn-42"))
        #expect(journey.texts == ["<b>Hello, Аня &lt;3!</b> This is a tiny program."])
        #expect(journey.last.events == [.activated(programID: "tiny", kitCode: "tn-42")])
        #expect(journey.progress?.position == .welcome)
        #expect(journey.buttons.map(\.label) == ["Continue"])
    }

    @Test func continueStartsTheFirstStageWithAHeader() throws {
        var journey = try started()
        journey.press("Continue")
        #expect(journey.last.events == [.stageStarted("plant")])
        #expect(journey.lastText.hasPrefix("Planting · step 1 of 5\n<b>Preparing</b>\n\nPut your palm on the mat."))
        // No Back on the first step; Next and Later.
        #expect(journey.buttons.map(\.label) == ["Next →", "I’ll come back later"])
    }

    @Test func nextAndBackMoveWithinTheStageAndBackKeepsAnswers() throws {
        var journey = try started()
        journey.press("Continue")
        journey.press("Next →")
        #expect(journey.progress?.position == .step(stage: "plant", index: 1))
        #expect(journey.progress?.awaitingText == .answer(stage: "plant", step: "intention"))
        #expect(journey.lastText.contains("<i>A few words.</i>"))
        journey.send(.text("  Calm & <quiet>  "))
        #expect(journey.progress?.answers["plant.intention"] == "Calm & <quiet>")
        #expect(journey.lastText.contains("Calm &amp; &lt;quiet&gt;"))
        journey.press("Next →")
        journey.press("← Back")
        // Back shows the saved answer; the answer is still there.
        #expect(journey.lastText.contains("<i>Your answer:</i> Calm &amp; &lt;quiet&gt;"))
        #expect(journey.progress?.answers["plant.intention"] == "Calm & <quiet>")
        // Answering again overwrites.
        journey.send(.text("Hope"))
        #expect(journey.progress?.answers["plant.intention"] == "Hope")
    }

    @Test func anUnansweredQuestionOffersSkipAndSkipKeepsNoAnswer() throws {
        var journey = try started()
        journey.press("Continue")
        journey.press("Next →")
        #expect(journey.buttons.map(\.label).contains("Skip"))
        journey.press("Skip")
        #expect(journey.progress?.position == .step(stage: "plant", index: 2))
        #expect(journey.progress?.answers.isEmpty == true)
    }

    @Test func textWhenNothingIsAskedGetsAKindHintAndChangesNothing() throws {
        var journey = try started()
        journey.press("Continue")
        let before = journey.progress
        journey.send(.text("hello?"))
        #expect(journey.progress == before)
        #expect(journey.lastText.contains("I’m not asking anything right now"))
        #expect(journey.buttons.map(\.label) == ["Continue"])
    }

    @Test(arguments: ["en", "ru"])
    func textOnAChoiceStepPointsToItsButtonsAndChangesNothing(locale: String) throws {
        var journey = try started(locale: locale)
        let next = locale == "en" ? "Next →" : "Дальше →"
        journey.press(locale == "en" ? "Continue" : "Продолжить")
        journey.press(next)
        journey.send(.text("x"))
        journey.press(next)
        journey.send(.text("y"))
        journey.press(next)
        #expect(journey.progress?.position == .step(stage: "plant", index: 3))
        let before = journey.progress
        journey.send(.text("I see seeds"))
        // Nothing changes but the step's copy number: the reply repeats the step's buttons
        var after = journey.progress
        #expect(after?.pageCopy == (before?.pageCopy ?? 0) + 1)
        after?.pageCopy = before?.pageCopy
        #expect(after == before)
        #expect(!journey.lastText.contains(locale == "en" ? "I’m not asking anything" : "ничего не спрашиваю"))
        #expect(journey.lastText.contains(locale == "en" ? "answered with a button" : "отвечают кнопкой"))
        // The reply offers the choices again, so a tap there answers the question.
        journey.press(locale == "en" ? "Seeds" : "Семена")
        #expect(journey.progress?.choices["plant.pick"] == "seeds")
    }

    @Test func aWishCanBeTypedOrTakenFromTheExamplesMenu() throws {
        var journey = try started()
        journey.press("Continue")
        journey.press("Next →")
        journey.press("Skip")
        #expect(journey.progress?.awaitingText == .wish(stage: "plant", step: "wish"))
        journey.press("Example wishes")
        #expect(journey.buttons.map(\.label) == ["Rest", "Notice", "Back to the practice"])
        journey.press("Rest")
        #expect(journey.lastText == "<b>Rest</b>\n\nRest &amp; breathe")
        journey.press("← Back to the list")
        journey.press("Rest")
        journey.press("Take this wish")
        #expect(journey.progress?.wish == "Rest & breathe")
        #expect(journey.lastText.contains("Rest &amp; breathe"))
        // The menu returned the user to the wish step.
        #expect(journey.progress?.position == .step(stage: "plant", index: 2))
        journey.send(.text("To sleep well"))
        #expect(journey.progress?.wish == "To sleep well")
        journey.press("Next →")
        journey.press("Seeds")
        #expect(journey.progress?.choices["plant.pick"] == "seeds")
        #expect(journey.last.messages.last?.replacesSource == true)
        #expect(journey.buttons.first?.label == "✓ Seeds")
        journey.press("Next →")
        #expect(journey.lastText.contains("Your wish: To sleep well"))
    }

    @Test func menusReturnToTheStepTheyWereOpenedFrom() throws {
        var journey = try started()
        journey.press("Continue")
        journey.press("Next →")
        journey.press("Skip")
        journey.press("Example wishes")
        journey.press("Back to the practice")
        #expect(journey.lastText.contains("<b>Wish</b>"))
        #expect(journey.progress?.position == .step(stage: "plant", index: 2))
    }

    @Test func finishingAStageBeforeTheNextOpensSaysWhenItOpens() throws {
        var journey = try started()
        journey.press("Continue")
        for label in ["Next →", "Skip", "Skip", "Skip", "Next →"] { journey.press(label) }
        #expect(journey.last.events == [.stageCompleted("plant")])
        // Started on Monday 2 March; sprouts open on day 2, Wednesday 4 March.
        #expect(journey.lastText == "Stage “Planting” complete ✓\n\nThe next stage, “Sprouts”, opens on Wednesday 4 March (day 2). I’ll write to you.")
        journey.send(.continueProgram)
        #expect(journey.lastText.contains("opens on Wednesday 4 March"))
        #expect(journey.progress?.position == .stageDone(stage: "plant"))
        journey.advance(days: 2)
        journey.send(.continueProgram)
        #expect(journey.last.events == [.stageStarted("sprout")])
        // The skipped answer's line is left out rather than shown as a gap
        #expect(!journey.lastText.contains("You wrote"))
        #expect(!journey.lastText.contains("…"))
    }

    @Test func datesAreWrittenInTheUsersLanguage() throws {
        var journey = try started(locale: "ru")
        journey.press("Продолжить")
        for label in ["Дальше →", "Пропустить", "Пропустить", "Пропустить", "Дальше →"] { journey.press(label) }
        #expect(journey.lastText.contains("откроется в день 2 (среда, 4 марта)"))
    }

    @Test func laterKeepsThePlaceAndContinueComesBackToIt() throws {
        var journey = try started()
        journey.press("Continue")
        journey.press("Next →")
        let place = journey.progress?.position
        journey.press("I’ll come back later")
        #expect(journey.lastText.contains("Everything is saved"))
        #expect(journey.progress?.position == place)
        journey.send(.continueProgram)
        #expect(journey.lastText.contains("<b>Intention</b>"))
    }

    @Test func anOldStepsButtonIsNoLongerActiveAndChangesNothing() throws {
        var journey = try started()
        journey.press("Continue")
        let oldNext = try #require(journey.button("Next →"))
        journey.press("Next →")
        let before = journey.progress
        journey.send(.callback(payload: oldNext.payload))
        #expect(journey.progress == before)
        #expect(journey.lastText.contains("That button is no longer active"))
        #expect(journey.buttons.map(\.label) == ["Continue"])
    }

    @Test func aButtonOfAStageNotReachedIsNoLongerActive() throws {
        var journey = try started()
        journey.press("Continue")
        let before = journey.progress
        for payload in ["n:final.0", "mi:sprout.1.toast", "c:plant.3.seeds", "h:0", "ns:9", "y", "x", "nx", "b:plant.0"] {
            journey.send(.callback(payload: payload))
            #expect(journey.progress == before, "\(payload)")
            #expect(journey.lastText.contains("no longer active"), "\(payload)")
        }
    }
}

import Foundation
import Testing
@testable import Program

/// Which messages show a practice (so a recording may stand in for them), and showing one again.
@Suite(.enabled(if: Fixtures.hasRealContent)) struct NarratedContentTests {
    func journeyAtFirstStep(locale: String = "ru", kit: String? = nil) throws -> Journey {
        var journey = Journey(catalog: try Fixtures.loadReal(), locale: locale)
        journey.send(.start(kitCode: kit))
        journey.send(.continueProgram)
        return journey
    }

    @Test func aStepMessageNamesItsStepAndCarriesAShortCaption() throws {
        let journey = try journeyAtFirstStep()
        let step = try #require(journey.last.messages.last)
        let narrates = try #require(step.narrates)
        #expect(narrates.item == .step(stage: "planting", step: "prepare-tray"))
        #expect(narrates.locale == "ru")
        #expect(narrates.caption.contains("Готовим лоток"))
        #expect(!narrates.caption.contains("Вымой руки"))
        #expect(try TelegramHTML.parsedLength(of: narrates.caption) <= NarratedContent.captionLimit)
        // The stage's opening text before it is not a practice
        #expect(journey.last.messages.first?.narrates == nil)
    }

    @Test func aProgramWithoutTheUsersLanguageNamesTheLocaleItsTextCameFrom() throws {
        // Given the fixture's "mini" program, which exists in Russian only
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        journey.send(.start(kitCode: "mn-1"))
        journey.send(.continueProgram)
        // Then an English speaker reads its first practice in Russian, and the mark says so
        let narrates = try #require(journey.last.messages.last?.narrates)
        #expect(narrates.item == .step(stage: "start", step: "hello"))
        #expect(narrates.locale == "ru")
    }

    @Test func aProgramInTheUsersLanguageNamesThatLocale() throws {
        // Given an English speaker with a basil kit
        let journey = try journeyAtFirstStep(locale: "en", kit: "bs-123")
        // Then the first practice comes from basil's English texts
        let narrates = try #require(journey.last.messages.last?.narrates)
        #expect(narrates.item == .step(stage: "planting", step: "substrate"))
        #expect(narrates.locale == "en")
        #expect(narrates.caption.contains("Waking up the coir"))
    }

    @Test func replayingTheCurrentStepGivesTheSameMessageAndMovesNobody() throws {
        let journey = try journeyAtFirstStep()
        let progress = try #require(journey.progress)
        let shown = try #require(journey.last.messages.last)
        let again = try #require(journey.engine.replay(.step(stage: "planting", step: "prepare-tray"), progress: progress,
                                                       context: journey.context))
        #expect(again.message.text == shown.text && again.message.narrates == shown.narrates)
        #expect(again.message.buttons.map { $0.map(\.label) } == shown.buttons.map { $0.map(\.label) })
        // Only the copy number moves: the message sent again is the step's newest copy
        var moved = again.progress
        #expect(moved.pageCopy == (progress.pageCopy ?? 0) + 1)
        moved.pageCopy = progress.pageCopy
        #expect(moved == progress)
    }

    @Test func replayingAPastStepDropsItsButtonsAndUnreachedStepsGiveNothing() throws {
        var journey = try journeyAtFirstStep()
        journey.send(.callback(payload: "n:planting.0"))
        let progress = try #require(journey.progress)
        let past = try #require(journey.engine.replay(.step(stage: "planting", step: "prepare-tray"), progress: progress,
                                                      context: journey.context)?.message)
        #expect(past.text.contains("Вымой руки"))
        #expect(past.buttons.isEmpty)
        for item in [NarratedContent.Item.step(stage: "planting", step: "closing"), .step(stage: "sprouts", step: "notice"),
                     .step(stage: "nope", step: "x"), .theme("slowness"), .stage("manifesto")] {
            #expect(journey.engine.replay(item, progress: progress, context: journey.context) == nil, "\(item)")
        }
    }

    @Test(arguments: [("mg-1", "ru"), ("mg-1", "en"), ("bs-1", "ru"), ("bs-1", "en")])
    func aWholeJourneyMarksEveryStepButMenusEveryThemeShownAndTheManifesto(kit: String, locale: String) throws {
        // Given a user walking a whole program (microgreens or basil) in their own language
        let journey = try RealContentTests().walk(kit: kit, locale: locale, timeZone: "Europe/Moscow")
        let programID = try #require(journey.progress?.programID)
        let program = try #require(journey.engine.catalog.program(id: programID))
        let items = Set(journey.narrated.map(\.item))
        // Then every step except the recipe menu was marked (of the branches, those the user's choices show), each theme of the plan, and the manifesto
        for stage in program.stages {
            for step in stage.steps {
                let shown = step.kind != .menu && stage.shows(step, choices: journey.progress?.choices ?? [:])
                #expect(items.contains(.step(stage: stage.id, step: step.id)) == shown, "\(stage.id).\(step.id)")
            }
        }
        #expect(items.filter { if case .theme = $0 { return true } else { return false } }.count
                == ThemePlan(progress: try #require(journey.progress), program: program).slots.count)
        #expect(items.contains(.stage("manifesto")))
        // And every caption fits under a recording, in the user's locale
        for content in journey.narrated {
            #expect(try TelegramHTML.parsedLength(of: content.caption) <= NarratedContent.captionLimit)
            #expect(content.locale == locale)
        }
    }
}

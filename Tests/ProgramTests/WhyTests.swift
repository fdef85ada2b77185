import Foundation
import Testing
@testable import Program

/// The optional "why" of a step: a button while the step is current, the explanation added in
/// place when pressed, and a stale answer for every other press.
@Suite(.enabled(if: Fixtures.hasRealContent, "needs assets/programs/microgreens"))
struct WhyTests {
    func atSowing(locale: String = "ru") throws -> Journey {
        var journey = Journey(catalog: try Fixtures.loadReal(), locale: locale)
        journey.send(.start(kitCode: "mg-1"))
        journey.send(.continueProgram)
        journey.press(journey.engine.catalog.strings(for: locale)[.next])
        #expect(journey.progress?.position == .step(stage: "planting", index: 1))
        return journey
    }

    @Test func aStepWithAWhyOffersItAndShowsItInPlace() throws {
        var journey = try atSowing()
        let why = try #require(journey.button("Почему так?"))
        #expect(why.payload.hasPrefix("wy:planting.1."), "the copy of the step it sits on follows")
        let before = journey.progress
        journey.send(.callback(payload: why.payload))
        let shown = try #require(journey.last.messages.first)
        #expect(journey.last.messages.count == 1 && shown.replacesSource && shown.narrates == nil)
        #expect(shown.text.contains("<blockquote>") && shown.text.contains("фунгицид"))
        #expect(!journey.buttons.contains { $0.payload.hasPrefix("wy:") } && journey.button("Дальше →") != nil)
        #expect(journey.progress == before, "explaining moves nothing")
    }

    @Test func whyOfAStepNotCurrentOrWithoutAWhyIsStale() throws {
        var journey = try atSowing()
        for payload in ["wy:planting.0", "wy:planting.2", "wy:planting.9", "wy:nope.1", "wy:planting", "wy:planting.-1"] {
            let before = journey.progress
            journey.send(.callback(payload: payload))
            #expect(journey.last.rejected, "\(payload)")
            #expect(journey.progress == before)
        }
    }

    @Test func everyWhyOfTheShippedKitsKeepsItsStepShort() throws {
        let catalog = try Fixtures.loadReal()
        for program in catalog.programs {
            for (locale, texts) in program.texts {
                for stage in program.stages {
                    for step in stage.steps {
                        guard let stepTexts = texts.stages[stage.id]?.steps[step.id], stepTexts.why != nil else { continue }
                        let length = try TelegramHTML.parsedLength(of: stepTexts.text)
                        #expect(length <= 470, "\(program.id) \(locale) \(stage.id).\(step.id): \(length)")
                    }
                }
            }
        }
    }

    @Test func aThemeWithAWhyOffersItAndItsReflectionStillTakesTypedWords() throws {
        // Given a user at the roots theme (slot 2 of the default plan) on its day
        var journey = Journey(catalog: try Fixtures.loadReal())
        journey.send(.start(kitCode: "mg-1"))
        journey.progress?.stagesCompleted["planting"] = journey.now
        journey.progress?.themesConfirmed = true
        journey.progress?.stagesStarted["baby-leaf"] = journey.now
        journey.progress?.position = .theme(slot: 2)
        journey.advance(days: 11)
        journey.send(.continueProgram)
        #expect(journey.lastText.contains("Что тебя держит?"))
        let why = try #require(journey.button("Почему так?")?.payload)
        #expect(why.hasPrefix("wt:2."))
        // When "Why?" is pressed, the same message explains, without the button
        journey.send(.callback(payload: why))
        let shown = try #require(journey.last.messages.first)
        #expect(shown.replacesSource && shown.text.contains("<blockquote>") && shown.text.contains("стопе"))
        #expect(!journey.buttons.contains { $0.payload.hasPrefix("wt:") } && journey.button("Дальше →") != nil)
        // And typed words still answer the theme's question
        journey.send(.text("семья"))
        #expect(journey.progress?.reflections?["roots"] == "семья")
        // A "Why?" of another slot, or of a theme without one, is stale
        for payload in ["wt:1", "wt:3", "wt:999"] {
            let before = journey.progress
            journey.send(.callback(payload: payload))
            #expect(journey.last.rejected && journey.progress == before, "\(payload)")
        }
    }
}

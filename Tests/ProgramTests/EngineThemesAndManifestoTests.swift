import Foundation
import Testing
@testable import Program

/// Personal themes before the themes stage, the daily themes, the manifesto, completion and NPS.
@Suite struct EngineThemesAndManifestoTests {
    /// A user on the tiny program at the end of the sprouts stage on day 3.
    func beforeThemes() throws -> Journey {
        var journey = Journey(catalog: try Fixtures.loadValid(), locale: "en")
        journey.send(.start(kitCode: "tn-1"))
        journey.press("Continue")
        journey.press("Next →")
        journey.send(.text("Quiet & <b>bold</b>"))
        journey.press("Next →")
        journey.send(.text("To rest"))
        journey.press("Next →")
        journey.press("Roots")
        journey.press("Next →")
        journey.press("Next →")
        journey.advance(days: 3)
        journey.send(.continueProgram)
        journey.press("Next →")
        journey.press("Next →")
        #expect(journey.last.events == [.stageCompleted("sprout")])
        return journey
    }

    @Test func thePickerComesBeforeTheThemesStageAndTogglesWithTicks() throws {
        var journey = try beforeThemes()
        journey.press("Continue")
        #expect(journey.progress?.position == .themePicker)
        #expect(journey.texts.first == "One theme a day now.")
        #expect(journey.lastText.contains("Chosen: 0 of 2"))
        journey.press("Water")
        #expect(journey.last.messages.last?.replacesSource == true)
        #expect(journey.buttons.contains { $0.label == "✓ Water" })
        journey.press("Calm")
        journey.press("Light")
        #expect(journey.lastText.contains("You can choose up to 2"))
        #expect(journey.progress?.themes == ["calm", "water"])
        journey.send(.callback(payload: "t:water"))
        #expect(journey.progress?.themes == ["calm"])
        journey.send(.callback(payload: "tp:gentle"))
        journey.press("Done")
        #expect(journey.texts.first == "Themes saved: Calm.")
        // One theme on the gentle pace arrives on day 4; today is day 3.
        #expect(journey.lastText.contains("The next theme opens on Friday 6 March (day 4)"))
        journey.advance(days: 1)
        journey.send(.continueProgram)
        #expect(journey.lastText.hasPrefix("Leaves · theme 1 of 1\n<b>Theme calm</b>"))
    }

    @Test func wordsTypedAtThePickerGetItsButtonsAgainAndTheyStillAct() throws {
        // Given the theme picker on screen, nothing else awaiting words
        var journey = try beforeThemes()
        journey.press("Continue")
        #expect(journey.progress?.position == .themePicker)
        let before = journey.progress
        // When the user types a theme's name instead of tapping it
        journey.send(.text("Water"))
        // Then nothing changes, the reply says themes are chosen with buttons (not "I'm not asking"),
        // and it carries the picker, whose buttons act
        #expect(journey.progress == before)
        #expect(journey.lastText.contains("Themes are chosen with the buttons"))
        #expect(!journey.lastText.contains("I’m not asking anything"))
        journey.press("Water")
        #expect(journey.progress?.themes == ["water"])
        journey.press("Done")
        #expect(journey.texts.first == "Themes saved: Water.")
    }

    @Test func skippingTheChoiceGivesTheDefaults() throws {
        var journey = try beforeThemes()
        journey.press("Continue")
        journey.press("Choose for me")
        #expect(journey.texts.first?.contains("I’ve chosen the themes for you: Calm, Light") == true)
        #expect(journey.progress?.themes == nil && journey.progress?.themesConfirmed == true)
        #expect(journey.lastText.contains("theme 1 of 2"))
        journey.press("Next →")
        #expect(journey.lastText.contains("opens on Saturday 7 March (day 5)"))
    }

    @Test func themesThenFinalThenTheManifestoWithTheUsersWordsEscaped() throws {
        var journey = try beforeThemes()
        journey.press("Continue")
        journey.press("Choose for me")
        journey.advance(days: 2)
        journey.press("Next →")
        #expect(journey.lastText.contains("theme 2 of 2"))
        journey.press("Next →")
        #expect(journey.last.events == [.stageCompleted("leaves")])
        #expect(journey.lastText.contains("“Final”, opens on Sunday 8 March (day 6)"))
        journey.advance(days: 1)
        journey.send(.continueProgram)
        journey.press("Next →")
        #expect(journey.last.events == [.stageCompleted("final")])
        journey.press("Continue")
        let manifesto = try #require(journey.texts[safe: 1])
        #expect(manifesto == "<b>My manifesto</b>\nWish: To rest\nStart: Quiet &amp; &lt;b&gt;bold&lt;/b&gt;\nSeen: Roots")
        #expect(journey.progress?.manifesto == "My manifesto\nWish: To rest\nStart: Quiet & <b>bold</b>\nSeen: Roots")
        // The manifesto comes alone: the closing words once it is read, the question the next day
        #expect(journey.texts == ["Here it is.", manifesto])
        #expect(journey.last.events == [.stageStarted("manifesto"), .stageCompleted("manifesto"), .completed])
        #expect(journey.progress?.status == .completed)
        #expect(journey.buttons.map(\.label) == ["I’ve read it ✓"])
        journey.advance(days: 0, hours: 1)
        journey.press("I’ve read it ✓")
        #expect(journey.texts == ["The journey is complete."])
        #expect(journey.last.events == [.manifestoRead])
        journey.send(.continueProgram)
        #expect(journey.lastText.contains("tomorrow"), "no question on the manifesto's day")
        journey.advance(days: 1)
        journey.send(.continueProgram)
        #expect(journey.texts == ["Would you recommend us?"])
        #expect(journey.last.messages.last?.buttons.map { $0.map(\.label) } == [["0", "1", "2", "3", "4", "5"], ["6", "7", "8", "9", "10"]])
        journey.press("9")
        #expect(journey.last.events == [.npsScored(9)])
        #expect(journey.buttons.map(\.label) == ["No comment"])
        journey.send(.text("Lovely <3"))
        #expect(journey.last.events == [.npsComment])
        #expect(journey.progress?.npsComment == "Lovely <3")
        #expect(journey.lastText == "Thank you!")
        #expect(journey.progress?.position == .finished)
        journey.send(.continueProgram)
        #expect(journey.lastText.contains("You have completed “Tiny”"))
        #expect(journey.buttons.map(\.label) == ["Start over", "No, keep it"])
    }

    @Test func theManifestoFitsTelegramEvenWithVeryLongAnswers() throws {
        var journey = try beforeThemes()
        journey.progress?.wish = String(repeating: "ж", count: 4_000)
        journey.progress?.answers["plant.intention"] = String(repeating: "&", count: 4_000)
        journey.press("Continue")
        journey.press("Choose for me")
        journey.advance(days: 3)
        journey.send(.continueProgram)
        journey.press("Next →")
        journey.press("Next →")
        journey.press("Continue")
        journey.press("Next →")
        journey.press("Continue")
        for message in journey.last.messages {
            #expect(try TelegramHTML.parsedLength(of: message.text) <= TelegramHTML.messageLimit)
        }
        #expect(journey.progress?.status == .completed)
    }
}

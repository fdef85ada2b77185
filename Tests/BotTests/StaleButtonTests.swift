import Foundation
import Program
import Testing
@testable import Bot

@Suite struct StaleButtonTests {
    let world: ReminderWorld
    let now = instant("2026-03-01T09:00:00Z")

    init() throws {
        world = try ReminderWorld()
    }

    /// A press of `data` on message `messageID`, which shows `shown` (by default a keyboard with the button pressed).
    func press(_ data: String, as user: UserRecord, messageID: Int = 7, updateID: Int64 = 9,
               shown: InlineKeyboardMarkup? = nil) -> Decision {
        var message = Message(messageID: messageID, from: nil, chat: Chat(id: user.id, type: "private"), date: 0, text: "…")
        message.replyMarkup = shown ?? InlineKeyboardMarkup([[InlineKeyboardButton(text: "·", callbackData: data)]])
        let update = Update(updateID: updateID, callbackQuery: CallbackQuery(id: "q", from: Updates.user(user.id), message: message, data: data))
        return world.conversation.decide(update, user: user, admission: .allowed, now: now)
    }

    var staleAnswer: OutboxAction {
        .answerCallback(queryID: "q", text: world.strings.text("stale_button", "ru"), alert: false)
    }

    @Test func npsButtonsActOnceAndTheirKeyboardGoes() throws {
        // Given a user asked the NPS question
        let user = world.moved(world.startedUser(zone: "Europe/Moscow", at: now), to: .nps)
        // When they score 9
        let scored = press("p:ns:9", as: user)
        #expect(world.progress(of: try #require(scored.user))?.npsScore == 9)
        // Then the scores' keyboard is removed
        #expect(scored.actions.contains(.editKeyboard(messageID: 7, keyboard: nil)))
        // And pressing 3 on the same message later changes nothing and sends no message
        let again = press("p:ns:3", as: try #require(scored.user), updateID: 10)
        #expect(again.actions == [staleAnswer])
        #expect(again.user?.progress == scored.user?.progress)
    }

    /// Walk seed 724: "Yes, start over" on a question answered long ago (its keyboard gone from
    /// the bot's memory) confirmed a newer /reset the user had left open.
    @Test func anAnsweredQuestionsYesNeverConfirmsANewerQuestion() throws {
        // Given a user who answered "start over?" on message 9 with "no"
        var user = world.send("/reset", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        user = try #require(press("p:x", as: user, messageID: 9, updateID: 3).user)
        // And answered so many questions since that the memory of edited keyboards lost message 9
        for index in 0...ConversationState.remembered {
            user = world.send("/reset", as: user, at: now, updateID: 100 + 2 * Int64(index))
            user = try #require(press("p:x", as: user, messageID: 101 + 2 * index, updateID: 101 + 2 * Int64(index)).user)
        }
        #expect(ConversationState(user.conversation).allows("p:y", on: 9))
        // And later sent /reset again, whose question is message 300
        user = world.send("/reset", as: user, at: now, updateID: 290)
        #expect(world.progress(of: user)?.pendingConfirmation == .reset)
        // When the old "yes" on message 9 is pressed
        let old = press("p:y", as: user, messageID: 9, updateID: 291)
        // Then it is stale and the journey stays
        #expect(old.actions == [staleAnswer])
        #expect(old.user?.progress == user.progress)
        // While the new question's "yes" starts over
        let yes = press("p:y", as: user, messageID: 300, updateID: 292)
        #expect(yes.actions != [staleAnswer])
        #expect(world.progress(of: try #require(yes.user))?.pendingConfirmation == nil)
        #expect(world.progress(of: try #require(yes.user))?.position == .welcome)
    }

    /// Walk seed 724: "Switch to the other kit?" left open, then /reset: the old question's
    /// "yes" reset the journey, an answer to a question it never asked.
    @Test func aYesLeftOpenNeverConfirmsALaterQuestion() throws {
        // Given a microgreens user asked (by their message 3, the question being message 9) to switch to basil, who walked away
        var user = world.send("/start bs-1", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 3)
        #expect(world.progress(of: user)?.pendingConfirmation != nil && world.progress(of: user)?.programID == "microgreens")
        // And who then sent /reset (message 20), whose question is message 21
        user = world.send("/reset", as: user, at: now, updateID: 20)
        #expect(world.progress(of: user)?.pendingConfirmation == .reset)
        // When the old question's "yes" is pressed
        let old = press("p:y", as: user, messageID: 9, updateID: 22)
        // Then it is stale and nothing changes
        #expect(old.actions == [staleAnswer])
        #expect(old.user?.progress == user.progress)
        // While the reset question's own "yes" starts the same kit over
        let yes = try #require(press("p:y", as: user, messageID: 21, updateID: 23).user)
        #expect(world.progress(of: yes)?.position == .welcome && world.progress(of: yes)?.programID == "microgreens")
    }

    @Test func oldAndForgedProgramButtonsOnlyGetAKindAnswer() throws {
        let user = world.startedUser(zone: "Europe/Moscow", at: now)
        for data in ["p:n:planting.5", "p:zz", "p:" + String(repeating: "я", count: 30), "p:ns:99", "p:y", "??", ""] {
            let decision = press(data, as: user)
            #expect(decision.actions == [staleAnswer], "\(data)")
            #expect(decision.user?.progress == user.progress)
        }
    }

    @Test func forgedButtonsOfEveryKindGetOnlyAKindAnswer() throws {
        let user = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        for data in ["ph:zz", "ph:r:x:y", "d:nope", "au:zz", "au:m:loud", "s:zz", "s:m:99999", "ct:zz", "ct:r:1.ru", "adm:p:1:5",
                     "zz:" + String(repeating: "я", count: 20)] {
            let decision = press(data, as: user)
            #expect(decision.actions == [staleAnswer], "\(data)")
            #expect(decision.user?.progress == user.progress && decision.user?.timezone == user.timezone)
            #expect(decision.mediaTasks.isEmpty && decision.photoDiaryChanges.isEmpty && decision.otherChats.isEmpty)
        }
    }

    @Test func buttonsOfAKeyboardTheBotReplacedOrRemovedDoNothing() throws {
        // Given /settings shown as message 7, and "Time zone" pressed: message 7 now asks for the zone
        let started = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        let user = world.send("/settings", as: started, at: now, updateID: 3)
        let asked = try #require(press("s:tz", as: user).user)
        // When the old settings keyboard's quiet-hours and pace buttons are pressed (a slow client still shows them)
        let quiet = press("s:q", as: asked, updateID: 10)
        let pace = press("p:sp:gentle", as: asked, updateID: 11)
        // Then nothing changes
        #expect(quiet.actions == [staleAnswer] && quiet.user?.quietHoursOptOut == false)
        #expect(pace.actions == [staleAnswer] && pace.user?.progress == asked.progress)
        // While the zone buttons now shown on message 7 act, once
        let zone = press("s:z:Asia/Almaty", as: asked, updateID: 12)
        #expect(zone.user?.timezone == "Asia/Almaty")
        let again = press("s:z:Europe/Berlin", as: try #require(zone.user), updateID: 13)
        #expect(again.actions == [staleAnswer] && again.user?.timezone == "Asia/Almaty")
        // And a new /settings message's buttons act
        let again2 = world.send("/settings", as: try #require(zone.user), at: now, updateID: 14)
        #expect(press("s:q", as: again2, messageID: 15, updateID: 15).user?.quietHoursOptOut == true)
    }

    @Test func anOldSettingsMessageDoesNothingOnceTheUserMovedOn() throws {
        // Given /settings shown as message 7, its pace pressed twice (it stays open while used)
        let started = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        let shown = world.send("/settings", as: started, at: now, updateID: 3)
        let gentle = try #require(press("p:sp:gentle", as: shown, updateID: 4).user)
        #expect(world.progress(of: gentle)?.pace == "gentle")
        let standard = try #require(press("p:sp:standard", as: gentle, updateID: 5).user)
        #expect(world.progress(of: standard)?.pace == "standard")
        // And once /settings is sent again, only the newer message (after that command) acts
        let twice = world.send("/settings", as: standard, at: now, updateID: 8)
        #expect(press("p:sp:gentle", as: twice, messageID: 7, updateID: 9).actions == [staleAnswer])
        #expect(world.progress(of: try #require(press("p:sp:gentle", as: twice, messageID: 9, updateID: 10).user))?.pace == "gentle")
        // When the user moves on (the practice, a photo, any text) and then presses the old message's buttons
        for (index, movedOn) in [world.send("/continue", as: standard, at: now, updateID: 6),
                                 world.send("hello", as: standard, at: now, updateID: 7)].enumerated() {
            for (offset, data) in ["p:sp:gentle", "s:tz", "s:t", "s:q", "p:st", "p:rr", "au:m:audio"].enumerated() {
                let late = press(data, as: movedOn, updateID: 20 + Int64(index * 10 + offset))
                // Then each gets only "already done": no pace, no zone or time prompt, no quiet hours, no picker
                #expect(late.actions == [staleAnswer], "\(data)")
                #expect(late.user?.progress == movedOn.progress && late.user?.awaiting == nil, "\(data)")
                #expect(late.user?.quietHoursOptOut == movedOn.quietHoursOptOut && late.user?.narration == movedOn.narration, "\(data)")
            }
        }
    }

    @Test func anOldButtonAnsweredAlreadyDoneLeavesTheOpenSettingsActing() throws {
        // Given /settings open, the latest message
        let started = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        let shown = world.send("/settings", as: started, at: now, updateID: 3)
        // When an old or forged button elsewhere gets only "already done"
        let old = press("x:old", as: shown, messageID: 5, updateID: 4)
        #expect(old.actions == [staleAnswer])
        // Then /settings' buttons still act: that press changed nothing, the open question included
        let gentle = press("p:sp:gentle", as: try #require(old.user), updateID: 5)
        #expect(world.progress(of: try #require(gentle.user))?.pace == "gentle")
    }

    @Test func thePickersButtonsStopActingOnceTheThemesAreChosen() throws {
        // Given the theme picker opened from /settings as message 8, and one theme toggled there
        let started = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        let user = world.send("/settings", as: started, at: now, updateID: 3)
        let picker = try #require(press("p:st", as: user).user)
        let toggled = try #require(press("p:t:water", as: picker, messageID: 8, updateID: 10).user)
        #expect(world.progress(of: toggled)?.themes?.contains("water") == true)
        // When "Choose for me" is pressed: the picker's keyboard goes
        let chosen = press("p:tx", as: toggled, messageID: 8, updateID: 11)
        #expect(chosen.actions.contains(.editKeyboard(messageID: 8, keyboard: nil)))
        let done = try #require(chosen.user)
        // Then its toggles, pace and "Choose for me", pressed on a client that still shows them, change nothing
        for (index, data) in ["p:t:hands", "p:tp:gentle", "p:tx", "p:td"].enumerated() {
            let late = press(data, as: done, messageID: 8, updateID: 12 + Int64(index), shown: InlineKeyboardMarkup([]))
            #expect(late.actions == [staleAnswer], "\(data)")
            #expect(late.user?.progress == done.progress, "\(data)")
        }
    }

    @Test func aPickerLeftBehindNoLongerActs() throws {
        // Given the picker opened from /settings, and the user then moving on with /continue
        let started = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        let user = world.send("/settings", as: started, at: now, updateID: 3)
        let picker = try #require(press("p:st", as: user).user)
        let movedOn = world.send("/continue", as: picker, at: now, updateID: 10)
        // When a toggle of the old picker is pressed
        let late = press("p:t:water", as: movedOn, messageID: 8, updateID: 11)
        // Then it only gets "already done"
        #expect(late.actions == [staleAnswer])
        #expect(late.user?.progress == movedOn.progress)
    }

    @Test func anOldStartOverQuestionDoesNothingOnceTheUserMovedOn() throws {
        // Given "Start over?" asked, and the user going on with the practice instead
        let user = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        let asked = world.send("/reset", as: user, at: now, updateID: 3)
        let movedOn = world.send("/continue", as: asked, at: now, updateID: 4)
        // When "Yes, start over" on the old question is pressed
        let late = press("p:y", as: movedOn, messageID: 5, updateID: 5)
        // Then nothing is reset
        #expect(late.actions == [staleAnswer])
        #expect(late.user?.progress == movedOn.progress)
        // While pressed right after the question it still starts over
        #expect(press("p:y", as: asked, messageID: 5, updateID: 6).actions.first
            == .answerCallback(queryID: "q", text: nil, alert: false))
    }

    @Test func anEditThatChangesNothingIsNotSent() throws {
        // Given "Start over?" asked, on a message whose keyboard a slow client no longer shows
        let user = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
        let asked = world.send("/reset", as: user, at: now, updateID: 3)
        // When "No" is pressed there: the answer comes, but no removal of a keyboard already gone
        let cancelled = press("p:x", as: asked, messageID: 5, updateID: 4, shown: InlineKeyboardMarkup([]))
        #expect(!cancelled.actions.contains { if case .editKeyboard = $0 { true } else { false } })
        #expect(cancelled.actions.count > 1)
        // And a text edit showing what the message already shows is left out, while a real change stays
        var shown = Message(messageID: 9, from: nil, chat: Chat(id: 42, type: "private"), date: 0, text: "Pace: gentle ✓")
        shown.replyMarkup = InlineKeyboardMarkup([[InlineKeyboardButton(text: "Gentle ✓", callbackData: "p:tp:gentle")]])
        let same = OutboxAction.editText(messageID: 9, text: "Pace: <b>gentle</b> ✓", keyboard: [[Button("Gentle ✓", "p:tp:gentle")]])
        let other = OutboxAction.editText(messageID: 9, text: "Pace: <b>calm</b> ✓", keyboard: [[Button("Gentle ✓", "p:tp:gentle")]])
        #expect(UnchangedEdits.changesNothing(same, on: shown) && !UnchangedEdits.changesNothing(other, on: shown))
        #expect(!UnchangedEdits.changesNothing(.editKeyboard(messageID: 9, keyboard: nil), on: shown))
    }

    @Test func theRememberedKeyboardsStayFew() {
        var state = ConversationState()
        for id in 1...100 { state.remember(id, shows: nil) }
        #expect(state.keyboards?.count == ConversationState.remembered)
        #expect(state.allows("p:k", on: 1) && !state.allows("p:k", on: 100))
    }

    @Test func whyAndMicroAnswerButtonsOfAnotherPlaceOrDayOnlyGetAKindAnswer() throws {
        // Given a user on the first planting step (no "why" there), on the day of planting
        let user = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now, planted: false), at: now, updateID: 2)
        // When old or forged "Why?" and "Answer" buttons are pressed: another step's, a step not
        // reached, a micro-practice whose day is not today, one that does not exist
        for data in ["p:wy:planting.1", "p:wy:sprouts.1", "p:wy:planting.0", "p:ra:guess", "p:ra:nope", "p:wy:planting.x"] {
            let decision = press(data, as: user)
            // Then only "already done", nothing changes and nothing is sent
            #expect(decision.actions == [staleAnswer], "\(data)")
            #expect(decision.user?.progress == user.progress)
        }
    }
}

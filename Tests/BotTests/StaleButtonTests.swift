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

    func press(_ data: String, as user: UserRecord, messageID: Int = 7, updateID: Int64 = 9) -> Decision {
        let message = Message(messageID: messageID, from: nil, chat: Chat(id: user.id, type: "private"), date: 0, text: "…")
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
            #expect(decision.mediaTasks.isEmpty && decision.diaryChanges.isEmpty && decision.otherChats.isEmpty)
        }
    }

    @Test func buttonsOfAKeyboardTheBotReplacedOrRemovedDoNothing() throws {
        // Given /settings shown as message 7, and "Time zone" pressed: message 7 now asks for the zone
        let user = world.send("/continue", as: world.startedUser(zone: "Europe/Moscow", at: now), at: now, updateID: 2)
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
        // And other messages' buttons are untouched by this
        #expect(press("s:q", as: try #require(zone.user), messageID: 8, updateID: 14).user?.quietHoursOptOut == true)
    }

    @Test func theRememberedKeyboardsStayFew() {
        var state = ConversationState()
        for id in 1...100 { state.remember(id, shows: nil) }
        #expect(state.keyboards?.count == ConversationState.remembered)
        #expect(state.allows("p:k", on: 1) && !state.allows("p:k", on: 100))
    }
}

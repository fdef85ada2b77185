import Foundation
import Program
import Testing
@testable import Bot

@Suite struct ReminderSettingsTests {
    let world: ReminderWorld
    let now = instant("2026-03-01T09:00:00Z")

    init() throws {
        world = try ReminderWorld()
    }

    func keyboard(_ decision: Decision) -> [Bot.Button] {
        decision.actions.flatMap { action -> [Bot.Button] in
            switch action {
            case .message(_, let keyboard?), .editText(_, _, let keyboard?): return keyboard.flatMap { $0 }
            default: return []
            }
        }
    }

    func texts(_ decision: Decision) -> [String] {
        decision.actions.compactMap {
            switch $0 {
            case .message(let text, _), .editText(_, let text, _): return text
            default: return nil
            }
        }
    }

    func press(_ data: String, as user: UserRecord, messageID: Int = 7) -> Decision {
        let message = Message(messageID: messageID, from: nil, chat: Chat(id: user.id, type: "private"), date: 0, text: "…")
        let update = Update(updateID: 9, callbackQuery: CallbackQuery(id: "q", from: Updates.user(user.id), message: message, data: data))
        return world.conversation.decide(update, user: user, admission: .allowed, now: now)
    }

    @Test func onboardingTakesTwoTapsZoneThenTime() throws {
        // Given a new user's /start: one welcome message that also offers the time zones
        let start = world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now)
        #expect(start.actions.count == 1)
        let zones = keyboard(start).filter { $0.data.hasPrefix("s:o:") }
        #expect(zones.count == TimeZoneChoice.common.count)
        #expect(zones.map(\.label).contains("Новосибирск"))
        #expect(keyboard(start).first?.data.hasPrefix("p:") == true) // the program's buttons come first
        let user = try #require(start.user)
        // When tapping Новосибирск (tap 1)
        let zone = press("s:o:Asia/Novosibirsk", as: user)
        #expect(zone.user?.timezone == "Asia/Novosibirsk")
        // Then a new message asks for the time (the welcome stays), and 20:00 is tap 2
        guard case .message = zone.actions[1] else { Issue.record("expected a new message"); return }
        let time = try #require(keyboard(zone).first { $0.label == "20:00" })
        let done = press(time.data, as: try #require(zone.user))
        #expect(done.user?.reminderMinute == 20 * 60)
        #expect(texts(done).first?.contains("20:00") == true)
        #expect(texts(done).first?.contains("Новосибирск") == true)
        // And reminders are then planned at 20:00 Novosibirsk time
        let plan = world.planner.plan(for: try #require(done.user), now: now)
        #expect(wallClock(try #require(plan.first).dueAt, "Asia/Novosibirsk") == "2026-03-03 20:00")
    }

    @Test(arguments: [("+3", "Etc/GMT-3"), ("UTC-5", "Etc/GMT+5"), ("gmt +5:30", TimeZone(secondsFromGMT: 19_800)?.identifier ?? ""),
                      ("Самара", "Europe/Samara"), ("berlin", "Europe/Berlin"), ("Камчатка", "Asia/Kamchatka"),
                      ("Europe/Paris", "Europe/Paris"), ("мск+4", "Etc/GMT-7"), ("0", nil), ("+15", nil),
                      ("Атлантида", nil), ("+3:17", nil)] as [(String, String?)])
    func typedZones(typed: String, zone: String?) {
        #expect(TimeZoneChoice.parse(typed) == zone)
    }

    @Test func aTypedZoneIsReadWhileAwaitedAndNotWhenTheProgramWaitsForAnAnswer() throws {
        // Given a user just started (the bot asked where they are)
        let user = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        // When they type an offset
        let typed = world.conversation.decide(Updates.text("UTC-5", updateID: 3), user: user, admission: .allowed, now: now)
        // Then it is their zone and the bot says so
        #expect(typed.user?.timezone == "Etc/GMT+5")
        #expect(texts(typed).first?.contains("UTC−5") == true)
        #expect(typed.user?.conversation == nil)
        // When something unreadable is typed while awaited, the bot asks again kindly
        let unreadable = world.conversation.decide(Updates.text("где-то далеко", updateID: 4), user: user, admission: .allowed, now: now)
        #expect(texts(unreadable) == [world.strings.text("timezone_unknown", "ru")])
        // A command ends the question
        let help = world.conversation.decide(Updates.text("/help", updateID: 5), user: user, admission: .allowed, now: now)
        #expect(help.user?.conversation == nil)
    }

    @Test func settingsShowsTheEngineRowsAndTheReminderRows() throws {
        let user = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        let settings = world.conversation.decide(Updates.text("/settings", updateID: 3), user: user, admission: .allowed, now: now)
        let data = keyboard(settings).map(\.data)
        #expect(data.contains { $0.hasPrefix("p:") })
        #expect(data.suffix(3) == ["s:tz", "s:t", "s:q"])
        #expect(texts(settings).last?.contains("10:00") == true)
        // Reminder time: 07:00–22:00 in 30-minute steps, edited in place
        let picker = press("s:t", as: user)
        let times = keyboard(picker).map(\.label)
        #expect(times.first == "07:00" && times.last == "22:00" && times.count == 31)
        guard case .editText(7, _, _) = picker.actions[1] else { Issue.record("expected an edit"); return }
        #expect(press("s:m:1000", as: user).user?.reminderMinute == 600) // not a step: stale, unchanged
        #expect(press("s:m:450", as: user).user?.reminderMinute == 450)
        #expect(press("s:q", as: user).user?.quietHoursOptOut == true)
        #expect(press("s:z:Mars/Olympus", as: user).user?.timezone == "Europe/Moscow")
        for button in keyboard(settings) + keyboard(picker) + keyboard(press("s:tz", as: user)) {
            #expect(button.data.utf8.count <= 64)
        }
    }

    @Test func everySettingsTextExistsInBothLocales() {
        for key in ["onboarding_zone", "settings_saved", "timezone_unknown"] + TimeZoneChoice.common.map(\.labelKey) {
            #expect(world.strings.text(key, "ru") != key)
            #expect(world.strings.text(key, "en") != world.strings.text(key, "ru") || key.hasPrefix("zone_"))
        }
    }
}

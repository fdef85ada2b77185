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
        var message = Message(messageID: messageID, from: nil, chat: Chat(id: user.id, type: "private"), date: 0, text: "…")
        message.replyMarkup = InlineKeyboardMarkup([[InlineKeyboardButton(text: "·", callbackData: data)]]) // the button pressed
        let update = Update(updateID: 9, callbackQuery: CallbackQuery(id: "q", from: Updates.user(user.id), message: message, data: data))
        return world.conversation.decide(update, user: user, admission: .allowed, now: now)
    }

    @Test func onboardingAsksZoneThenTimeThenStartsThePractice() throws {
        // Given a new user's /start: the welcome without buttons, then the zone question whose only buttons are the zones and Skip
        let start = world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now)
        #expect(start.actions.count == 2)
        guard case .message(_, nil)? = start.actions.first else { Issue.record("the welcome carries no buttons"); return }
        let zones = keyboard(start).filter { $0.data.hasPrefix("s:o:") }
        #expect(zones.count == 12)
        #expect(zones.map(\.label).contains("Новосибирск"))
        #expect(keyboard(start).allSatisfy { !$0.data.hasPrefix("p:") }, "no Continue above the zones to skip them silently")
        #expect(keyboard(start).last?.data == "s:os")
        let user = try #require(start.user)
        // When tapping Новосибирск (tap 1)
        let zone = press("s:o:Asia/Novosibirsk", as: user)
        #expect(zone.user?.timezone == "Asia/Novosibirsk")
        // Then the welcome keeps its text but loses its zone buttons, and a new message asks for the time
        #expect(zone.actions.contains(.editKeyboard(messageID: 7, keyboard: nil)))
        guard case .message = zone.actions.last else { Issue.record("expected a new message"); return }
        let time = try #require(keyboard(zone).first { $0.label == "20:00" })
        let done = press(time.data, as: try #require(zone.user), messageID: 8) // the time question is a new message
        #expect(done.user?.reminderMinute == 20 * 60)
        #expect(texts(done).first?.contains("20:00") == true)
        #expect(texts(done).first?.contains("Новосибирск") == true)
        // And the practice starts right after (no recordings here: no read/listen question)
        #expect(keyboard(done).contains { $0.data.hasPrefix("p:") })
        #expect(world.progress(of: try #require(done.user))?.position != .welcome)
        // And reminders are then planned at 20:00 Novosibirsk time
        let plan = world.planner.plan(for: try #require(done.user), now: now)
        #expect(wallClock(try #require(plan.first).dueAt, "Asia/Novosibirsk") == "2026-03-03 20:00")
    }

    @Test(arguments: [("+3", "Etc/GMT-3"), ("UTC-5", "Etc/GMT+5"), ("gmt +5:30", TimeZone(secondsFromGMT: 19_800)?.identifier ?? ""),
                      ("GMT+5:30", TimeZone(secondsFromGMT: 19_800)?.identifier ?? ""),
                      ("Самара", "Europe/Samara"), ("berlin", "Europe/Berlin"), ("Камчатка", "Asia/Kamchatka"),
                      ("Europe/Paris", "Europe/Paris"), ("мск+4", "Etc/GMT-7"), ("0", nil), ("+15", nil),
                      ("Атлантида", nil), ("+3:17", nil), ("Lisbon", "Europe/Lisbon"), ("Лиссабон", "Europe/Lisbon"),
                      ("Los Angeles", "America/Los_Angeles"), ("Лос-Анджелес", "America/Los_Angeles"),
                      ("buenos aires", "America/Argentina/Buenos_Aires"), ("asia/almaty", "Asia/Almaty"),
                      ("Екатеринбург", "Asia/Yekaterinburg"), ("Narnia", nil), ("Сан-Хосе-де-Лас-Лахас", nil)] as [(String, String?)])
    func typedZones(typed: String, zone: String?) {
        #expect(TimeZoneChoice.parse(typed) == zone)
    }

    @Test(arguments: [("9:30", 570), ("09.30", 570), ("9", 540), ("21:00", 1260), ("21", 1260), ("7 45", 465),
                      ("9am", 540), ("9:30 pm", 1290), ("12am", 0), ("24:00", nil), ("9:60", nil), ("+5", nil),
                      ("девять", nil), ("", nil), ("1:2:3", nil), ("7 утра", 420), ("в 7", 420),
                      ("8 вечера", 1200), ("2 дня", 840), ("12 дня", 720), ("12 ночи", 0), ("9 часов", 540),
                      ("9 часов утра", 540), ("В 7:30 утра", 450), ("10 дня", nil), ("3 вечера", nil),
                      ("at 7 pm", 1140), ("12pm", 720), ("13pm", nil)] as [(String, Int?)])
    func typedTimes(typed: String, minutes: Int?) {
        #expect(TypedTime.minutes(typed) == minutes)
    }

    @Test(arguments: [("Asia/Almaty", "ru", "Алматы"), ("Asia/Almaty", "en", "Almaty"), ("Etc/GMT-5", "en", "UTC+5"),
                      ("America/Argentina/Buenos_Aires", "en", "Buenos Aires"), ("Etc/UTC", "ru", "UTC"),
                      (TimeZone(secondsFromGMT: 19_800)?.identifier ?? "", "ru", "UTC+5:30")] as [(String, String, String)])
    func zonesAreShownAsCitiesOrOffsets(zone: String, locale: String, shown: String) {
        #expect(TimeZoneChoice.displayName(zone, locale: locale, now: now) == shown)
    }

    @Test func everyNamedCityIsAZoneThisSystemKnowsAndNamesAreUnambiguous() {
        for city in ZoneCity.all {
            #expect(TimeZone(identifier: city.identifier) != nil, "\(city.identifier)")
        }
        let spellings = ZoneCity.all.flatMap(\.spellings)
        #expect(Set(spellings).count == spellings.count, "one name, one zone")
        for (_, offered) in ZoneCity.offered { #expect(offered.allSatisfy { TimeZoneChoice.city($0) != nil }) }
    }

    @Test func aTypedZoneDuringOnboardingIsSavedAndThenTheTimeIsAsked() throws {
        // Given a user just started (the bot asked where they are)
        let user = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        // When they type an offset
        let typed = world.conversation.decide(Updates.text("UTC-5", updateID: 3), user: user, admission: .allowed, now: now)
        // Then it is their zone, shown as an offset, and the time is asked next
        #expect(typed.user?.timezone == "Etc/GMT+5")
        #expect(texts(typed).first?.contains("UTC−5") == true)
        #expect(keyboard(typed).contains { $0.data == "s:om:540" })
        let asked = try #require(typed.user)
        // When they type a time, it is saved and the practice starts
        let time = world.conversation.decide(Updates.text("9:30", updateID: 4), user: asked, admission: .allowed, now: now)
        #expect(time.user?.reminderMinute == 570)
        #expect(time.user?.awaiting == nil)
        #expect(texts(time).first?.contains("09:30") == true)
        #expect(keyboard(time).contains { $0.data.hasPrefix("p:") })
        // When something unreadable is typed while a zone is awaited, the bot says it does not know that place
        let unreadable = world.conversation.decide(Updates.text("Нарния", updateID: 5), user: user, admission: .allowed, now: now)
        #expect(unreadable.user?.timezone == "Europe/Moscow")
        #expect(texts(unreadable).first?.contains("Нарния") == true)
        #expect(texts(unreadable).first == world.strings.text("timezone_unknown", "ru", ["typed": "Нарния"]))
        // A command that acts ends the question
        let gift = world.conversation.decide(Updates.text("/gift", updateID: 6), user: user, admission: .allowed, now: now)
        #expect(gift.user?.awaiting == nil)
    }

    @Test func aCommandThatOnlyShowsSomethingLeavesTheOnboardingQuestionOpen() throws {
        // Given a newcomer asked where they live, who opens /help and /status instead of answering
        let user = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        let help = world.conversation.decide(Updates.text("/help", updateID: 3), user: user, admission: .allowed, now: now)
        let afterHelp = try #require(help.user)
        #expect(afterHelp.awaiting == .onboardingZone)
        // Then the zone button they see above still acts, and the time is asked next
        let zone = press("s:o:Asia/Novosibirsk", as: afterHelp)
        #expect(zone.user?.timezone == "Asia/Novosibirsk")
        #expect(zone.user?.awaiting == .onboardingTime)
        // And a typed time after /status still answers the time question
        let status = world.conversation.decide(Updates.text("/status", updateID: 4), user: try #require(zone.user), admission: .allowed, now: now)
        let afterStatus = try #require(status.user)
        #expect(afterStatus.awaiting == .onboardingTime)
        let time = world.conversation.decide(Updates.text("9:30", updateID: 5), user: afterStatus, admission: .allowed, now: now)
        #expect(time.user?.reminderMinute == 570)
        #expect(keyboard(time).contains { $0.data.hasPrefix("p:") }, "the practice follows")
    }

    @Test func anUnknownPlaceIsEchoedOnceEscaped() throws {
        let user = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        let typed = world.conversation.decide(Updates.text("Tom & <Jerry>", updateID: 3), user: user, admission: .allowed, now: now)
        #expect(texts(typed).first?.contains("«Tom &amp; &lt;Jerry&gt;»") == true)
    }

    @Test func lisbonIsNeverSavedAsLondon() throws {
        let user = try #require(world.conversation.decide(Updates.text("/start", language: "en"), user: nil, admission: .allowed, now: now).user)
        let typed = world.conversation.decide(Updates.text("Lisbon", updateID: 3, language: "en"), user: user, admission: .allowed, now: now)
        #expect(typed.user?.timezone == "Europe/Lisbon")
        #expect(texts(typed).first?.contains("Lisbon") == true)
        #expect(texts(typed).first?.contains("London") == false)
    }

    @Test func typedTimeAfterAnotherTimeWorks() throws {
        // Given onboarding at the time question, and "Another time…" tapped
        let start = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        let zone = try #require(press("s:o:Europe/Samara", as: start).user)
        let other = press("s:ot", as: zone, messageID: 8)
        #expect(keyboard(other).count == Conversation.reminderMinutes.count + 1)
        // When "9:30" is typed, it is the reminder time (not the stray-text reply)
        let typed = world.conversation.decide(Updates.text("9:30", updateID: 5), user: try #require(other.user), admission: .allowed, now: now)
        #expect(typed.user?.reminderMinute == 570)
        #expect(texts(typed).contains(world.strings.text("settings_saved", "ru", ["time": "09:30", "zone": "Самара"])))
        // And in /settings, a typed time and a typed zone work too
        let saved = world.send("/settings", as: try #require(typed.user), at: now, updateID: 8)
        let settingsTime = try #require(press("s:t", as: saved, messageID: 9).user)
        let evening = world.conversation.decide(Updates.text("21.00", updateID: 6), user: settingsTime, admission: .allowed, now: now)
        #expect(evening.user?.reminderMinute == 1260)
        let eveningUser = world.send("/settings", as: try #require(evening.user), at: now, updateID: 9)
        let settingsZone = try #require(press("s:tz", as: eveningUser, messageID: 10).user)
        let india = world.conversation.decide(Updates.text("GMT+5:30", updateID: 7), user: settingsZone, admission: .allowed, now: now)
        #expect(india.user.map { TimeZone(identifier: $0.timezone)?.secondsFromGMT(for: now) } == 19_800)
        #expect(texts(india).first?.contains("UTC+5:30") == true)
    }

    @Test func englishUsersGetAWorldListAndALondonDefault() throws {
        let start = world.conversation.decide(Updates.text("/start", language: "en"), user: nil, admission: .allowed, now: now)
        #expect(start.user?.timezone == "Europe/London")
        let labels = keyboard(start).filter { $0.data.hasPrefix("s:o:") }.map(\.label)
        #expect(labels.first == "London")
        #expect(!labels.contains("Moscow") && !labels.contains("Samara"))
        #expect(labels.contains("Los Angeles"))
        let russian = world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now)
        #expect(russian.user?.timezone == "Europe/Moscow")
        // Two cities a row: long names are not cut on a phone
        let rows = russian.actions.compactMap { action -> [[Bot.Button]]? in
            if case .message(_, let keyboard?) = action { return keyboard } else { return nil }
        }.flatMap { $0 }
        #expect(rows.allSatisfy { $0.count <= 2 })
    }

    @Test func skippingOnboardingTellsTheDefaultsAndWhereToChangeThem() throws {
        let start = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        // By the Skip button
        let skipped = press("s:os", as: start)
        #expect(skipped.user?.awaiting == nil)
        let told = world.strings.text("onboarding_defaults", "ru", ["time": "10:00", "zone": "Москва"])
        #expect(texts(skipped).first == told)
        #expect(told.contains("/settings"))
        #expect(keyboard(skipped).contains { $0.data.hasPrefix("p:") }, "the practice follows")
        // By /continue instead of answering
        let continued = world.conversation.decide(Updates.text("/continue", updateID: 3), user: start, admission: .allowed, now: now)
        #expect(texts(continued).first == told)
        // A second skip press does nothing
        let again = press("s:os", as: try #require(skipped.user))
        #expect(again.actions.count == 1)
        #expect(again.user?.progress == skipped.user?.progress)
    }

    @Test func theWelcomeZoneButtonsDoNothingOnceAnswered() throws {
        // Given a user who finished onboarding days ago
        let start = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        let zone = try #require(press("s:o:Asia/Novosibirsk", as: start).user)
        let done = try #require(press("s:om:1200", as: zone, messageID: 8).user)
        // When the old welcome's Moscow button is pressed
        let old = press("s:o:Europe/Moscow", as: done)
        // Then the zone stays and only the button is answered
        #expect(old.user?.timezone == "Asia/Novosibirsk")
        #expect(old.actions == [.answerCallback(queryID: "q", text: world.strings.text("stale_button", "ru"), alert: false)])
        // Likewise an old time button and a forged one
        #expect(press("s:om:480", as: done, messageID: 8).user?.reminderMinute == 1200)
        #expect(press("s:zz:??", as: done).actions.count == 1)
    }

    @Test func settingsShowsTheEngineRowsAndTheReminderRows() throws {
        let user = try #require(world.conversation.decide(Updates.text("/start"), user: nil, admission: .allowed, now: now).user)
        let settings = world.conversation.decide(Updates.text("/settings", updateID: 3), user: user, admission: .allowed, now: now)
        let data = keyboard(settings).map(\.data)
        #expect(data.contains { $0.hasPrefix("p:") })
        #expect(data.suffix(3) == ["s:tz", "s:t", "s:q"])
        #expect(texts(settings).last?.contains("10:00") == true)
        // Reminder time: 07:00–22:00 in 30-minute steps, edited in place
        let shown = try #require(settings.user)
        let picker = press("s:t", as: shown)
        let times = keyboard(picker).map(\.label)
        #expect(times.first == "07:00" && times.last == "22:00" && times.count == 31)
        guard case .editText(7, _, _) = picker.actions[1] else { Issue.record("expected an edit"); return }
        let asked = try #require(picker.user)
        #expect(press("s:m:1000", as: asked).user?.reminderMinute == 600) // not a step: stale, unchanged
        #expect(press("s:m:450", as: asked).user?.reminderMinute == 450)
        #expect(press("s:m:450", as: shown).user?.reminderMinute == 600, "a time list nobody asked for any more does nothing")
        #expect(press("s:q", as: shown).user?.quietHoursOptOut == true)
        #expect(press("s:z:Mars/Olympus", as: shown).user?.timezone == "Europe/Moscow")
        for button in keyboard(settings) + keyboard(picker) + keyboard(press("s:tz", as: shown)) {
            #expect(button.data.utf8.count <= 64)
        }
    }

    @Test func everySettingsTextExistsInBothLocales() {
        for key in ["onboarding_zone", "onboarding_time", "onboarding_defaults", "onboarding_skip_button", "settings_saved",
                    "timezone_unknown", "time_unknown"] {
            #expect(world.strings.text(key, "ru") != key)
            #expect(world.strings.text(key, "en") != world.strings.text(key, "ru"))
        }
    }
}

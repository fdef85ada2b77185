import Foundation
import Program

/// The bot's own settings (time zone, reminder time, quiet hours) beside the engine's (themes,
/// pace), and the onboarding after the first /start: zone, then time, then read or listen, then
/// the practice. Buttons carry `s:` callback data; a question's buttons act only while
/// `users.conversation` says the bot still asks it, and typed answers are read while it does.
extension Conversation {
    static let settingsPrefix = "s:"

    /// Reminder times offered: 07:00 to 22:00 in 30-minute steps.
    static let reminderMinutes = Array(stride(from: 7 * 60, through: 22 * 60, by: 30))
    /// The short list shown during onboarding; "other" opens the full list.
    static let onboardingMinutes = [8 * 60, 9 * 60, 10 * 60, 12 * 60, 18 * 60, 20 * 60]

    // MARK: - Entry points used by Conversation and Commands

    /// /settings: the engine's rows, then the bot's.
    func settings(user: UserRecord, now: Date) -> Decision {
        guard user.progress != nil else {
            return Decision(user: user, actions: [.message(text: reminderSummary(user, now: now), keyboard: settingsRows(user, now: now))])
        }
        var decision = program(.settings, user: user, now: now)
        if let index = decision.actions.lastIndex(where: { if case .message = $0 { return true } else { return false } }),
           case .message(let text, let keyboard) = decision.actions[index] {
            decision.actions[index] = .message(text: text + "\n\n" + reminderSummary(user, now: now),
                                               keyboard: (keyboard ?? []) + settingsRows(user, now: now))
        }
        return decision
    }

    /// After the first /start the welcome is followed by the question where the user lives, in
    /// place of a Continue button: the zone comes first, then the time, then read or listen, then
    /// the practice. Two messages, so the question and its buttons fit a phone's first screen.
    func addingReminderOnboarding(to decision: Decision, wasStarted: Bool, now: Date) -> Decision {
        guard !wasStarted, var user = decision.user, user.progress != nil,
              let index = decision.actions.lastIndex(where: { if case .message = $0 { return true } else { return false } }),
              case .message(let text, _) = decision.actions[index] else { return decision }
        user.awaiting = .onboardingZone
        var decision = decision
        decision.user = user
        let question = strings.text("onboarding_zone", user.locale, ["zone": zoneName(user, now: now)])
        decision.actions[index] = .message(text: text, keyboard: nil)
        decision.actions.insert(.message(text: question, keyboard: zoneRows(user, verb: "o") + [skipRow(user)]), at: index + 1)
        return decision
    }

    /// Text typed while the bot asks for a zone or a time; nil when it asks for neither.
    func settingsText(_ text: String, user: UserRecord, now: Date) -> Decision? {
        guard let awaited = user.awaiting else { return nil }
        var user = user
        let shown = String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(40)) // escaped by BotStrings
        switch awaited {
        case .onboardingZone, .timeZone:
            guard let identifier = TimeZoneChoice.parse(text) else {
                let onboarding = awaited == .onboardingZone
                return reply("timezone_unknown", to: user, ["typed": shown],
                             keyboard: zoneRows(user, verb: onboarding ? "o" : "z") + (onboarding ? [skipRow(user)] : []))
            }
            user.timezone = identifier
            return awaited == .onboardingZone ? askingTime(user, now: now, editing: nil) : saved(user, now: now, editing: nil)
        case .onboardingTime, .reminderTime:
            guard let minute = TypedTime.minutes(text) else {
                return reply("time_unknown", to: user, ["typed": shown])
            }
            user.reminderMinute = minute
            return saved(user, now: now, editing: nil, onboarding: awaited == .onboardingTime)
        default:
            return nil
        }
    }

    /// A button with `s:` data.
    func settingsCallback(_ payload: String, user: UserRecord, answer: OutboxAction, source messageID: Int?, now: Date) -> Decision {
        var user = user
        let parts = payload.split(separator: ":", maxSplits: 1).map(String.init)
        let verb = parts.first ?? ""
        let argument = parts.count > 1 ? parts[1] : ""
        let awaited = user.awaiting
        var decision: Decision
        switch verb {
        case "tz":
            user.awaiting = .timeZone
            decision = show(strings.text("settings_zone_prompt", user.locale), zoneRows(user, verb: "z"), user: user, editing: messageID)
        case "z", "o":
            // Only the question being asked acts: an old welcome's zone buttons do nothing later.
            guard awaited == (verb == "o" ? .onboardingZone : .timeZone), let city = TimeZoneChoice.city(argument) else {
                return stale(user, answer)
            }
            user.timezone = city.identifier
            if verb == "o" {
                decision = askingTime(user, now: now, editing: nil)
                // The welcome stays; only its zone buttons go.
                if let messageID { decision.actions.insert(.editKeyboard(messageID: messageID, keyboard: nil), at: 0) }
            } else {
                decision = saved(user, now: now, editing: messageID)
            }
        case "t", "ot":
            guard verb == "t" || awaited == .onboardingTime else { return stale(user, answer) }
            if verb == "t" { user.awaiting = .reminderTime }
            decision = show(strings.text("settings_time_prompt", user.locale),
                            timeRows(Self.reminderMinutes, user: user, verb: verb == "t" ? "m" : "om", other: false)
                                + (verb == "ot" ? [skipRow(user)] : []),
                            user: user, editing: messageID)
        case "m", "om":
            guard awaited == (verb == "om" ? .onboardingTime : .reminderTime),
                  let minute = Int(argument), Self.reminderMinutes.contains(minute) else { return stale(user, answer) }
            user.reminderMinute = minute
            decision = saved(user, now: now, editing: messageID, onboarding: verb == "om")
        case "os":
            guard awaited == .onboardingZone || awaited == .onboardingTime else { return stale(user, answer) }
            user.awaiting = nil
            var told = Decision(user: user, actions: [.message(text: strings.text("onboarding_defaults", user.locale, savedValues(user, now: now)), keyboard: nil)])
            if let messageID { told.actions.insert(.editKeyboard(messageID: messageID, keyboard: nil), at: 0) }
            decision = continuingOnboarding(after: told, now: now)
        case "q":
            user.quietHoursOptOut.toggle()
            decision = show(strings.text(user.quietHoursOptOut ? "settings_quiet_saved_off" : "settings_quiet_saved_on", user.locale), nil,
                            user: user, editing: messageID)
        default:
            return stale(user, answer)
        }
        decision.actions.insert(answer, at: 0)
        return decision
    }

    /// Someone going on to the practice (/continue, /start) instead of answering is told what was kept.
    func noticingSkippedOnboarding(_ decision: Decision, command: String, before: UserRecord, now: Date) -> Decision {
        guard let awaited = before.awaiting, awaited == .onboardingZone || awaited == .onboardingTime,
              ["continue", "start"].contains(command) else { return decision }
        var decision = decision
        let note = strings.text("onboarding_defaults", before.locale, savedValues(before, now: now))
        decision.actions.insert(.message(text: note, keyboard: nil), at: 0)
        return decision
    }

    // MARK: - Steps

    private func askingTime(_ user: UserRecord, now: Date, editing messageID: Int?) -> Decision {
        var user = user
        user.awaiting = .onboardingTime
        let text = strings.text("onboarding_time", user.locale, ["zone": zoneName(user, now: now)])
        return show(text, timeRows(Self.onboardingMinutes, user: user, verb: "om", other: true) + [skipRow(user)],
                    user: user, editing: messageID)
    }

    /// "Saved", and during onboarding what comes next.
    private func saved(_ user: UserRecord, now: Date, editing messageID: Int?, onboarding: Bool = false) -> Decision {
        var user = user
        user.awaiting = nil
        let decision = show(strings.text("settings_saved", user.locale, savedValues(user, now: now)), nil, user: user, editing: messageID)
        return onboarding ? continuingOnboarding(after: decision, now: now) : decision
    }

    /// After zone and time: read or listen when recordings exist (AudioChoice.swift), else the practice.
    func continuingOnboarding(after decision: Decision, now: Date) -> Decision {
        guard var user = decision.user else { return decision }
        let asked = askingNarration(after: decision)
        if asked != decision {
            user.awaiting = .onboardingNarration
            var asked = asked
            asked.user = user
            return asked
        }
        return startingPractice(after: decision, now: now)
    }

    /// The first practice, right after the last onboarding answer.
    func startingPractice(after decision: Decision, now: Date) -> Decision {
        guard let user = decision.user, user.progress != nil else { return decision }
        let practice = program(.continueProgram, user: user, now: now)
        var combined = practice
        combined.actions = decision.actions + practice.actions
        combined.events = decision.events + practice.events
        return combined
    }

    // MARK: - Pieces

    private func show(_ text: String, _ keyboard: [[Button]]?, user: UserRecord, editing messageID: Int?) -> Decision {
        let action: OutboxAction = messageID.map { .editText(messageID: $0, text: text, keyboard: keyboard) }
            ?? .message(text: text, keyboard: keyboard)
        return Decision(user: user, actions: [action])
    }

    private func stale(_ user: UserRecord, _ answer: OutboxAction) -> Decision {
        guard case .answerCallback(let id, _, _) = answer else { return Decision(user: user, actions: [answer]) }
        return Decision(user: user, actions: [staleAnswer(id, user)])
    }

    private func settingsRows(_ user: UserRecord, now: Date) -> [[Button]] {
        let quiet = user.quietHoursOptOut ? "settings_quiet_off_button" : "settings_quiet_on_button"
        return [
            [Button(strings.text("settings_zone_button", user.locale, ["zone": zoneName(user, now: now)]), "s:tz")],
            [Button(strings.text("settings_time_button", user.locale, ["time": Self.clock(user.reminderMinute)]), "s:t")],
            [Button(strings.text(quiet, user.locale), "s:q")],
        ]
    }

    private func reminderSummary(_ user: UserRecord, now: Date) -> String {
        strings.text("settings_reminders", user.locale, savedValues(user, now: now))
    }

    private func savedValues(_ user: UserRecord, now: Date) -> [String: String] {
        ["time": Self.clock(user.reminderMinute), "zone": zoneName(user, now: now)]
    }

    /// Two cities a row, so names such as "Екатеринбург" fit on a phone without being cut.
    private func zoneRows(_ user: UserRecord, verb: String) -> [[Button]] {
        let buttons = TimeZoneChoice.offered(for: user.locale).map { Button($0.name(user.locale), "s:\(verb):\($0.identifier)") }
        return stride(from: 0, to: buttons.count, by: 2).map { Array(buttons[$0..<min($0 + 2, buttons.count)]) }
    }

    private func skipRow(_ user: UserRecord) -> [Button] {
        [Button(strings.text("onboarding_skip_button", user.locale), "s:os")]
    }

    private func timeRows(_ minutes: [Int], user: UserRecord, verb: String, other: Bool) -> [[Button]] {
        var buttons = minutes.map { Button(Self.clock($0), "s:\(verb):\($0)") }
        if other { buttons.append(Button(strings.text("settings_time_other_button", user.locale), "s:ot")) }
        let width = other ? 3 : 4
        return stride(from: 0, to: buttons.count, by: width).map { Array(buttons[$0..<min($0 + width, buttons.count)]) }
    }

    /// A zone as people say it: a city ("Алматы"), or an offset ("UTC+5:30").
    func zoneName(_ user: UserRecord, now: Date) -> String {
        TimeZoneChoice.displayName(user.timezone, locale: user.locale, now: now)
    }

    static func clock(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }
}

import Foundation
import Program

/// The bot's own settings (time zone, reminder time, quiet hours) beside the engine's (themes,
/// pace), and the two-tap reminder onboarding after /start. Buttons carry `s:` callback data;
/// a typed zone is read while `users.conversation` says the bot awaits one.
extension Conversation {
    static let settingsPrefix = "s:"

    /// Reminder times offered: 07:00 to 22:00 in 30-minute steps.
    static let reminderMinutes = Array(stride(from: 7 * 60, through: 22 * 60, by: 30))
    /// The short list shown during onboarding; "other" opens the full list.
    static let onboardingMinutes = [8 * 60, 9 * 60, 10 * 60, 12 * 60, 18 * 60, 20 * 60]

    /// What the bot waits for from the user's next text, stored in `users.conversation`.
    struct AwaitedInput: Codable, Equatable {
        var awaiting: String
        static let timeZone = AwaitedInput(awaiting: "timezone")
    }

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

    /// After the first /start: the welcome also asks where the user lives (tap 1: a zone button
    /// under the program's own, or a typed city/offset), then when to remind (tap 2). It rides on
    /// the welcome message rather than adding one, so the conversation keeps its rhythm.
    func addingReminderOnboarding(to decision: Decision, wasStarted: Bool, now: Date) -> Decision {
        guard !wasStarted, var user = decision.user, user.progress != nil,
              let index = decision.actions.lastIndex(where: { if case .message = $0 { return true } else { return false } }),
              case .message(let text, let keyboard) = decision.actions[index] else { return decision }
        user.conversation = Self.encode(.timeZone)
        var decision = decision
        decision.user = user
        let question = strings.text("onboarding_zone", user.locale, ["time": Self.clock(user.reminderMinute),
                                                                     "zone": zoneName(user, now: now)])
        decision.actions[index] = .message(text: text + "\n\n" + question, keyboard: (keyboard ?? []) + zoneRows(user, prefix: "o"))
        return decision
    }

    /// A typed time zone, when the bot asked for one and the program is not waiting for an answer.
    func settingsText(_ text: String, user: UserRecord, now: Date) -> Decision? {
        guard user.conversation.flatMap(Self.decode) == .timeZone else { return nil }
        if let progress = user.progress.flatMap(ProgressCoding.decode), progress.awaitingText != nil { return nil }
        var user = user
        guard let identifier = TimeZoneChoice.parse(text) else {
            return reply("timezone_unknown", to: user)
        }
        user.timezone = identifier
        user.conversation = nil
        return reply("settings_saved", to: user, savedValues(user, now: now))
    }

    /// A button with `s:` data.
    func settingsCallback(_ payload: String, user: UserRecord, answer: OutboxAction, source messageID: Int?, now: Date) -> Decision {
        var user = user
        let parts = payload.split(separator: ":", maxSplits: 1).map(String.init)
        let verb = parts.first ?? ""
        let argument = parts.count > 1 ? parts[1] : ""
        let shown: (String, [[Button]]?) // the message to show, edited in place when possible
        switch verb {
        case "tz":
            user.conversation = Self.encode(.timeZone)
            shown = (strings.text("settings_zone_prompt", user.locale), zoneRows(user, prefix: "z"))
        case "z", "o":
            guard let choice = TimeZoneChoice.common(argument) else { return stale(user, answer) }
            user.timezone = choice.identifier
            user.conversation = nil
            if verb == "o" {
                shown = (strings.text("onboarding_time", user.locale, ["zone": zoneName(user, now: now)]),
                         timeRows(Self.onboardingMinutes, user: user, withOther: true))
            } else {
                shown = (strings.text("settings_saved", user.locale, savedValues(user, now: now)), nil)
            }
        case "t":
            shown = (strings.text("settings_time_prompt", user.locale), timeRows(Self.reminderMinutes, user: user, withOther: false))
        case "m":
            guard let minute = Int(argument), Self.reminderMinutes.contains(minute) else { return stale(user, answer) }
            user.reminderMinute = minute
            user.conversation = nil
            shown = (strings.text("settings_saved", user.locale, savedValues(user, now: now)), nil)
        case "q":
            user.quietHoursOptOut.toggle()
            shown = (strings.text(user.quietHoursOptOut ? "settings_quiet_saved_off" : "settings_quiet_saved_on", user.locale), nil)
        default:
            return stale(user, answer)
        }
        // The onboarding zone buttons sit under the welcome, which must stay: answer with a new message.
        let message: OutboxAction = messageID.flatMap { verb == "o" ? nil : .editText(messageID: $0, text: shown.0, keyboard: shown.1) }
            ?? .message(text: shown.0, keyboard: shown.1)
        return Decision(user: user, actions: [answer, message])
    }

    // MARK: - Pieces

    private func stale(_ user: UserRecord, _ answer: OutboxAction) -> Decision {
        guard case .answerCallback(let id, _, _) = answer else { return Decision(user: user, actions: [answer]) }
        return Decision(user: user, actions: [.answerCallback(queryID: id, text: strings.text("stale_button", user.locale), alert: false)])
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

    private func zoneRows(_ user: UserRecord, prefix: String) -> [[Button]] {
        let buttons = TimeZoneChoice.common.map { Button(strings.text($0.labelKey, user.locale), "s:\(prefix):\($0.identifier)") }
        return stride(from: 0, to: buttons.count, by: 3).map { Array(buttons[$0..<min($0 + 3, buttons.count)]) }
    }

    private func timeRows(_ minutes: [Int], user: UserRecord, withOther: Bool) -> [[Button]] {
        var buttons = minutes.map { Button(Self.clock($0), "s:m:\($0)") }
        if withOther { buttons.append(Button(strings.text("settings_time_other_button", user.locale), "s:t")) }
        let width = withOther ? 3 : 4
        return stride(from: 0, to: buttons.count, by: width).map { Array(buttons[$0..<min($0 + width, buttons.count)]) }
    }

    /// A zone as people say it: the button label for common zones, else "Asia/Irkutsk (UTC+8)".
    func zoneName(_ user: UserRecord, now: Date) -> String {
        if let choice = TimeZoneChoice.common(user.timezone) { return strings.text(choice.labelKey, user.locale) }
        let seconds = user.timeZone.secondsFromGMT(for: now)
        let sign = seconds < 0 ? "−" : "+"
        let hours = abs(seconds) / 3600, minutes = abs(seconds) % 3600 / 60
        let offset = "UTC\(sign)\(hours)" + (minutes == 0 ? "" : String(format: ":%02d", minutes))
        return user.timezone.hasPrefix("Etc/") || user.timezone.hasPrefix("GMT") ? offset : "\(user.timezone) (\(offset))"
    }

    static func clock(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60, minute % 60)
    }

    private static func encode(_ input: AwaitedInput) -> String? {
        (try? JSONEncoder().encode(input)).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func decode(_ text: String) -> AwaitedInput? {
        try? JSONDecoder().decode(AwaitedInput.self, from: Data(text.utf8))
    }
}

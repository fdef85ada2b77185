import Foundation

extension Conversation {
    /// Kit codes in deep links: Telegram allows up to 64 characters of A-Z, a-z, 0-9, _ and -.
    static func isValidKitCode(_ code: String) -> Bool {
        (1...64).contains(code.count) && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    func handle(_ command: Command, user: UserRecord, isNew: Bool, now: Date) -> Decision {
        switch command.name {
        case "start": return start(payload: command.argument, user: user, isNew: isNew)
        case "help": return reply("help", to: user)
        case "status": return status(user: user, now: now)
        case "pause": return pause(user: user)
        case "resume": return resume(user: user)
        case "reset": return askToReset(user: user)
        case "contact":
            if let supportContact { return reply("contact", to: user, ["contact": supportContact]) }
            return reply("contact_missing", to: user)
        default: return reply("unknown_command", to: user)
        }
    }

    private func start(payload: String?, user: UserRecord, isNew: Bool) -> Decision {
        var user = user
        let name = ["name": user.firstName]
        guard isNew || user.status == .new else {
            if user.status == .stopped { user.status = .active }
            return reply("welcome_back", to: user, name)
        }
        var text = strings.text("welcome", user.locale, name)
        var events = [AnalyticsEvent(kind: "activated", detail: nil)]
        if let payload {
            if Self.isValidKitCode(payload) {
                user.kitCode = payload
                events = [AnalyticsEvent(kind: "activated", detail: payload)]
                text += "\n\n" + strings.text("welcome_kit", user.locale, ["kit": payload])
            } else {
                text += "\n\n" + strings.text("welcome_unknown_kit", user.locale)
            }
        }
        user.status = .active
        return Decision(user: user, actions: [.message(text: text, keyboard: nil)], events: events)
    }

    private func status(user: UserRecord, now: Date) -> Decision {
        let zone = TimeZone(identifier: user.timezone) ?? TimeZone(identifier: "Europe/Moscow")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let day = calendar.dateComponents([.day], from: calendar.startOfDay(for: user.createdAt),
                                          to: calendar.startOfDay(for: now)).day ?? 0
        let state = strings.text("state_\(user.status.rawValue)", user.locale)
        return reply("status", to: user, ["day": String(day), "state": state])
    }

    private func pause(user: UserRecord) -> Decision {
        var user = user
        guard user.status != .paused else { return reply("already_paused", to: user) }
        user.status = .paused
        var decision = reply("paused", to: user)
        decision.events = [AnalyticsEvent(kind: "paused")]
        return decision
    }

    private func resume(user: UserRecord) -> Decision {
        var user = user
        guard user.status == .paused else { return reply("not_paused", to: user) }
        user.status = .active
        var decision = reply("resumed", to: user)
        decision.events = [AnalyticsEvent(kind: "resumed")]
        return decision
    }

    private func askToReset(user: UserRecord) -> Decision {
        var user = user
        user.conversation = Self.awaitingResetConfirmation
        let keyboard = [[Button(strings.text("reset_yes", user.locale), "r:y")],
                        [Button(strings.text("reset_no", user.locale), "r:n")]]
        return reply("reset_confirm", to: user, keyboard: keyboard)
    }

    func resetConfirmed(user: UserRecord, now: Date) -> Decision {
        var user = user
        user.conversation = nil
        user.progress = nil
        user.status = .active
        var decision = reply("reset_done", to: user)
        decision.events = [AnalyticsEvent(kind: "reset")]
        return decision
    }
}

import Foundation

/// /forget: erasing everything is confirmed twice, since it cannot be undone: a button, then the
/// word typed (УДАЛИТЬ or ERASE, in either language). Buttons carry `pv:` data; the store does
/// the erasure in the update's transaction (`Decision.erasesUser`).
extension Conversation {
    static let privacyPrefix = "pv:"

    func forgetCommand(user: UserRecord) -> Decision {
        let keyboard = [[Button(strings.text("forget_button", user.locale), Self.privacyPrefix + "f")],
                        [Button(strings.text("forget_cancel_button", user.locale), Self.privacyPrefix + "x")]]
        return reply("forget_confirm", to: user, keyboard: keyboard)
    }

    /// `pv:f` asks for the word; `pv:x` keeps everything. Either removes the buttons.
    func privacyCallback(_ payload: String, user: UserRecord, answer: OutboxAction, queryID: String,
                         source messageID: Int?) -> Decision {
        var user = user
        let removeButtons = messageID.map { [OutboxAction.editKeyboard(messageID: $0, keyboard: nil)] } ?? []
        switch payload {
        case "f":
            user.awaiting = .forgetWord
            return Decision(user: user, actions: [answer] + removeButtons
                            + [.message(text: strings.text("forget_type_word", user.locale), keyboard: nil)])
        case "x":
            user.awaiting = nil
            return Decision(user: user, actions: [answer] + removeButtons
                            + [.message(text: strings.text("forget_kept", user.locale), keyboard: nil)])
        default:
            return Decision(user: user, actions: [staleAnswer(queryID, user)])
        }
    }

    /// The reply to "type the word": the word erases everything, anything else keeps it.
    func forgetWord(_ message: Message, user: UserRecord) -> Decision {
        var user = user
        user.awaiting = nil
        guard let text = message.text, isForgetWord(text) else { return reply("forget_kept", to: user) }
        // A photo held while the diary was full is erased with the rest, so it is counted too.
        let farewell = strings.text("forget_done", user.locale, ["photos": String(photoDiary.photos.count + photoDiary.held.count)])
        var decision = Decision(user: user, actions: [.message(text: farewell, keyboard: nil)])
        decision.erasesUser = true
        return decision
    }

    private func isForgetWord(_ text: String) -> Bool {
        let typed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).uppercased()
        return strings.locales.contains { strings.text("forget_word", $0).uppercased() == typed }
    }
}

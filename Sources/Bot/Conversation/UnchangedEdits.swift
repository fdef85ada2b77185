import Foundation
import Program

/// Edits of the pressed message that would show exactly what it shows now (the option already
/// chosen, an old button whose keyboard is already gone): Telegram refuses them with
/// "message is not modified", so the decision leaves them out.
enum UnchangedEdits {
    static func dropping(from decision: Decision, shown message: Message?) -> Decision {
        guard let message else { return decision }
        var decision = decision
        decision.actions.removeAll { changesNothing($0, on: message) }
        return decision
    }

    static func changesNothing(_ action: OutboxAction, on message: Message) -> Bool {
        switch action {
        case .editKeyboard(let messageID, let keyboard):
            return messageID == message.messageID && sameButtons(keyboard, message.replyMarkup)
        case .editText(let messageID, let text, let keyboard):
            guard messageID == message.messageID, let shown = message.text,
                  let plain = try? TelegramHTML.plainText(of: text) else { return false }
            return trimmed(plain) == trimmed(shown) && sameButtons(keyboard, message.replyMarkup)
        default:
            return false
        }
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// No keyboard and an empty one look the same to the user.
    static func sameButtons(_ keyboard: [[Button]]?, _ markup: InlineKeyboardMarkup?) -> Bool {
        let new = (keyboard ?? []).map { $0.map { [$0.label, $0.data] } }.filter { !$0.isEmpty }
        let shown = (markup?.inlineKeyboard ?? []).map { $0.map { [$0.text, $0.callbackData ?? $0.url ?? ""] } }.filter { !$0.isEmpty }
        return new == shown
    }
}

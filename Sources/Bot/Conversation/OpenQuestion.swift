import Foundation

/// A question the bot asks with buttons alone (/settings' rows, "Delete this photo?"), kept in
/// `users.conversation` (ConversationState). Its buttons act while it is the latest thing the
/// user did with the bot; any other message or press leaves it behind, and its old buttons then
/// only get "already done".
enum OpenQuestion: Equatable {
    case settings
    case deletePhoto(id: Int64)

    init?(stored: String?) {
        guard let stored else { return nil }
        if stored == "settings" {
            self = .settings
        } else if stored.hasPrefix("delete:"), let id = Int64(stored.dropFirst("delete:".count)) {
            self = .deletePhoto(id: id)
        } else {
            return nil
        }
    }

    var stored: String {
        switch self {
        case .settings: return "settings"
        case .deletePhoto(let id): return "delete:\(id)"
        }
    }

    /// Whether `data` is a button of a question of this kind, which acts only while it is open.
    static func isQuestionButton(_ data: String) -> Bool {
        isSettingsButton(data) || data.hasPrefix("ph:dy:") || data == "ph:dn"
    }

    /// Whether a press of `data` answers this question (the question stays open for it: pace
    /// toggled twice on one /settings message).
    func isAnswered(by data: String) -> Bool {
        switch self {
        case .settings: return Self.isSettingsButton(data)
        case .deletePhoto(let id): return data == "ph:dy:\(id)" || data == "ph:dn"
        }
    }

    /// /settings' own rows: zone, time, quiet hours, themes, pace, start over, read or listen.
    private static func isSettingsButton(_ data: String) -> Bool {
        ["s:tz", "s:t", "s:q", "p:st", "p:rr"].contains(data) || data.hasPrefix("p:sp:") || data.hasPrefix("au:m:")
    }
}

extension UserRecord {
    /// The button-only question open for this user, if any.
    var openQuestion: OpenQuestion? {
        get { OpenQuestion(stored: ConversationState(conversation).open) }
        set {
            var state = ConversationState(conversation)
            state.open = newValue?.stored
            conversation = state.encoded
        }
    }

    /// The user as `update` leaves them: a question stays open only for a press of its own buttons.
    func leavingQuestionBehind(for update: Update) -> UserRecord {
        guard let open = openQuestion else { return self }
        if let data = update.callbackQuery?.data, open.isAnswered(by: data) { return self }
        var user = self
        user.openQuestion = nil
        return user
    }

    /// Whether a press of `data` belongs to a button-only question that is no longer open.
    func pressesClosedQuestion(_ data: String) -> Bool {
        OpenQuestion.isQuestionButton(data) && !(openQuestion?.isAnswered(by: data) ?? false)
    }
}

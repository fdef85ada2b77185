import Foundation

/// A question the bot asks with buttons alone (/settings' rows, "Delete this photo?"), kept in
/// `users.conversation` (ConversationState). Its buttons act while it is the latest thing the
/// user did with the bot; any other message or press leaves it behind, and its old buttons then
/// only get "already done".
enum OpenQuestion: Equatable {
    /// /settings, asked by the user's message `command`: its answer is a later message (ids in a
    /// private chat only grow), so an older /settings shown before it no longer acts.
    case settings(command: Int)
    case deletePhoto(id: Int64)

    init?(stored: String?) {
        guard let stored else { return nil }
        let parts = stored.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count == 2 ? Int64(parts[1]) : nil) {
        case ("settings", let command?): self = .settings(command: Int(command))
        case ("delete", let id?): self = .deletePhoto(id: id)
        default: return nil
        }
    }

    var stored: String {
        switch self {
        case .settings(let command): return "settings:\(command)"
        case .deletePhoto(let id): return "delete:\(id)"
        }
    }

    var isDeletePhoto: Bool {
        if case .deletePhoto = self { true } else { false }
    }

    /// Whether `data` is a button of a question of this kind, which acts only while it is open.
    static func isQuestionButton(_ data: String) -> Bool {
        isSettingsButton(data) || data.hasPrefix("ph:dy:") || data == "ph:dn"
    }

    /// Whether `data` is one of this question's buttons, on whichever copy of it: pressing one
    /// keeps the question open (pace toggled twice on one /settings message).
    func owns(_ data: String) -> Bool {
        switch self {
        case .settings: return Self.isSettingsButton(data)
        case .deletePhoto(let id): return data == "ph:dy:\(id)" || data == "ph:dn"
        }
    }

    /// Whether a press of `data` on message `messageID` answers this question.
    func isAnswered(by data: String, on messageID: Int?) -> Bool {
        switch self {
        case .settings(let command): return owns(data) && (messageID ?? Int.min) > command
        case .deletePhoto: return owns(data)
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
        if let data = update.callbackQuery?.data, open.owns(data) { return self }
        var user = self
        user.openQuestion = nil
        return user
    }

    /// Whether a press of `data` on `messageID` belongs to a button-only question that is no longer open.
    func pressesClosedQuestion(_ data: String, on messageID: Int?) -> Bool {
        OpenQuestion.isQuestionButton(data) && !(openQuestion?.isAnswered(by: data, on: messageID) ?? false)
    }
}

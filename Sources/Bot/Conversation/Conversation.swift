import Foundation
import Program

/// The bot's conversation rules: a pure function of (update, user, admission, now) to a Decision.
/// Program commands, answers and buttons go to the program engine; the bot itself handles help,
/// support, content it does not understand, groups, blocking and flooding.
/// It never calls Telegram or the database; the store applies what it decides.
public struct Conversation: Sendable {
    public let strings: BotStrings
    public let engine: ProgramEngine
    public let supportContact: String?
    /// Recordings sent in place of practice texts to users who listen (the processor puts the
    /// shelf's current library here for each batch of updates).
    public internal(set) var narrations: NarrationLibrary
    /// The user's photo diary for the update being decided (read in its transaction).
    var diary: PhotoDiary = .empty

    public init(strings: BotStrings, engine: ProgramEngine, supportContact: String?, narrations: NarrationLibrary = .none) {
        self.strings = strings
        self.engine = engine
        self.supportContact = supportContact
        self.narrations = narrations
    }

    /// Callback data of the engine's buttons carries this prefix; anything else is not ours.
    static let programPrefix = "p:"

    /// `diary` is the user's photo diary, read in the update's transaction; `adminFigures` is given
    /// only for a user in SOGRETO_ADMIN_IDS asking /admin (AdminConversation.swift).
    public func decide(_ update: Update, user: UserRecord?, admission: Admission, now: Date,
                       diary: PhotoDiary = .empty, adminFigures: AdminFigures? = nil) -> Decision {
        if diary != self.diary {
            var scoped = self
            scoped.diary = diary
            return scoped.decide(update, user: user, admission: admission, now: now, diary: diary,
                                 adminFigures: adminFigures)
        }
        if let adminFigures, let decision = admin(update, user: user, figures: adminFigures, admission: admission, now: now) {
            return decision
        }
        if let member = update.myChatMember {
            return membershipChanged(member, user: user, now: now)
        }
        if let query = update.callbackQuery {
            return callback(query, user: user, admission: admission, now: now)
        }
        guard let message = update.message, let sender = message.from, !sender.isBot else {
            return .nothing // edited messages, channel posts, service updates: a reply would be noise
        }
        guard message.chat.isPrivate else {
            return groupMessage(message)
        }
        var current = user ?? UserRecord(id: sender.id, firstName: sender.firstName, languageCode: sender.languageCode,
                                         locale: strings.locale(forLanguageCode: sender.languageCode), now: now)
        current.firstName = sender.firstName
        current.lastActivityAt = now
        current.blockedAt = nil // a person who writes to the bot has not blocked it
        switch admission {
        case .allowed:
            return privateMessage(message, user: current, now: now)
        case .firstRejection:
            return Decision(user: current, actions: [.message(text: strings.text("slow_down", current.locale), keyboard: nil)])
        case .ignored:
            return Decision(user: current)
        }
    }

    // MARK: - Messages

    private func privateMessage(_ message: Message, user: UserRecord, now: Date) -> Decision {
        if let text = message.text {
            if let command = Command(text: text) {
                var user = user
                user.conversation = nil // a command ends any question the bot asked (Settings.swift)
                return handle(command, user: user, now: now)
            }
            if let settings = settingsText(text, user: user, now: now) { return settings }
            guard user.progress != nil else { return reply("text_before_start", to: user) }
            return program(.text(text), user: user, now: now)
        }
        if let photo = photoMessage(message, user: user, now: now) { return photo }
        return reply(UnsupportedContent.replyKey(for: message), to: user)
    }

    private func groupMessage(_ message: Message) -> Decision {
        // No conversation outside private chats; a command aimed at the bot gets one pointer.
        guard let text = message.text, Command(text: text) != nil else { return .nothing }
        let locale = strings.locale(forLanguageCode: message.from?.languageCode)
        return Decision(actions: [.message(text: strings.text("group_only_private", locale), keyboard: nil)])
    }

    func reply(_ key: String, to user: UserRecord, _ values: [String: String] = [:],
               keyboard: [[Button]]? = nil) -> Decision {
        Decision(user: user, actions: [.message(text: strings.text(key, user.locale, values), keyboard: keyboard)])
    }

    // MARK: - Membership

    private func membershipChanged(_ update: ChatMemberUpdated, user: UserRecord?, now: Date) -> Decision {
        guard update.chat.isPrivate, var user else { return .nothing }
        switch update.newChatMember.status {
        case "kicked":
            user.blockedAt = now
            var decision = Decision(user: user, events: [AnalyticsEvent(kind: "blocked")])
            decision.cancelsPendingMessages = true
            return decision
        case "member":
            guard user.blockedAt != nil else { return .nothing }
            user.blockedAt = nil
            return Decision(user: user, actions: [.message(text: strings.text("unblocked", user.locale), keyboard: nil)],
                            events: [AnalyticsEvent(kind: "unblocked")])
        default:
            return .nothing
        }
    }

    // MARK: - Buttons

    /// The engine's confirm ("y") and cancel ("x") payloads: the answer to a yes/no question.
    static func answersQuestion(_ payload: String) -> Bool {
        payload == "y" || payload == "x"
    }

    private func callback(_ query: CallbackQuery, user: UserRecord?, admission: Admission, now: Date) -> Decision {
        let answer = OutboxAction.answerCallback(queryID: query.id, text: nil, alert: false)
        guard admission == .allowed, query.message?.chat.isPrivate ?? true, var user else {
            return Decision(user: user, actions: [answer])
        }
        user.lastActivityAt = now
        user.blockedAt = nil
        if let data = query.data, data.hasPrefix(Self.diaryPrefix) {
            return diaryCallback(String(data.dropFirst(Self.diaryPrefix.count)), user: user, answer: answer)
        }
        if let data = query.data, data.hasPrefix(Self.settingsPrefix) {
            return settingsCallback(String(data.dropFirst(Self.settingsPrefix.count)), user: user, answer: answer,
                                    source: query.message?.messageID, now: now)
        }
        if let data = query.data, data.hasPrefix(Self.audioPrefix) {
            return audioCallback(String(data.dropFirst(Self.audioPrefix.count)), user: user, answer: answer,
                                 source: query.message?.messageID, now: now)
        }
        if let data = query.data, data.hasPrefix(PhotoDiaryMessages.prefix) {
            var decision = photoCallback(String(data.dropFirst(PhotoDiaryMessages.prefix.count)), user: user)
            decision.actions.insert(answer, at: 0)
            return decision
        }
        guard let data = query.data, data.hasPrefix(Self.programPrefix) else {
            let stale = OutboxAction.answerCallback(queryID: query.id, text: strings.text("stale_button", user.locale),
                                                    alert: false)
            return Decision(user: user, actions: [stale])
        }
        let payload = String(data.dropFirst(Self.programPrefix.count))
        var decision = program(.callback(payload: payload), user: user, now: now, source: query.message?.messageID)
        decision.actions.insert(answer, at: 0)
        if Self.answersQuestion(payload), let question = query.message?.messageID {
            // "Start over?" is answered once: its Yes/No buttons go, so they cannot be pressed again later.
            decision.actions.insert(.editKeyboard(messageID: question, keyboard: nil), at: 1)
        }
        return decision
    }
}

import Foundation
import Program

/// The bot's conversation rules: a pure function of (update, user, admission, now) to a Decision.
/// Program commands, answers and buttons go to the program engine; the bot itself handles help,
/// support, content it does not understand, groups, blocking and flooding.
/// It never calls Telegram or the database; the store applies what it decides.
public struct Conversation: Sendable {
    public internal(set) var strings: BotStrings
    package internal(set) var engine: ProgramEngine
    let supportContact: String?
    /// Recordings sent in place of practice texts to users who listen (the processor puts the
    /// shelf's current library here for each batch of updates).
    public internal(set) var narrations: NarrationLibrary
    /// SOGRETO_ADMIN_IDS: who receives /contact messages and may answer them.
    public let adminIDs: Set<Int64>
    /// Where data lives and how long it stays, for /privacy.
    let privacy: PrivacyFacts
    /// The user's photo diary for the update being decided (read in its transaction).
    var photoDiary: PhotoDiary = .empty
    /// How gift invites behave (links, limits, the shop), from the configuration.
    var gifting = GiftSettings()
    /// What the processor read about gifts for the update being decided (GiftFacts).
    var giftFacts: GiftFacts = .none
    /// The admins' languages by id, as the bot knows them (read before deciding); an admin not
    /// in it gets Russian.
    var adminLocales: [Int64: String] = [:]
    /// An admin previewing a variant of a narrated practice reads it (ExperimentBoard.View.previewsNarrated).
    var previewsAsReader = false
    /// `SOGRETO_SHOP_URL`: where the offer of kits not grown yet links for kits without a page of their own.
    var shopURL: URL?
    /// `SOGRETO_LEADERBOARD=on`: `/leaderboard` and its buttons act (LeaderboardConversation).
    var leaderboardEnabled = false

    init(strings: BotStrings, engine: ProgramEngine, supportContact: String?, narrations: NarrationLibrary = .none,
                adminIDs: Set<Int64> = [], privacy: PrivacyFacts = PrivacyFacts()) {
        self.adminIDs = adminIDs
        self.privacy = privacy
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
                       photoDiary: PhotoDiary = .empty, adminFigures: AdminFigures? = nil) -> Decision {
        var scoped = self
        scoped.photoDiary = Self.journeyPhotoDiary(photoDiary, of: user)
        let left = user?.leavingQuestionBehind(for: update)
        let decided = keepingOpenQuestion(of: user, after: scoped.deciding(update, user: left, admission: admission, now: now,
                                                                         adminFigures: adminFigures), for: update)
        let decision = Self.rememberingEditedKeyboards(decided)
        let asked = Self.rememberingYesNoAsked(decision, by: update.message?.messageID ?? update.callbackQuery?.message?.messageID)
        let shown = UnchangedEdits.dropping(from: asked, shown: update.callbackQuery?.message)
        return shown.actions.count == asked.actions.count ? shown : notingNothingToChange(shown)
    }

    /// An old button answered only "already done" changes nothing, so the question the latest
    /// message asks (/settings, "Delete this photo?") stays open. "Delete this photo?" also stays
    /// open when a press elsewhere only changed a message in place: nothing newer stands below it.
    func keepingOpenQuestion(of user: UserRecord?, after decision: Decision, for update: Update) -> Decision {
        guard let open = user?.openQuestion, decision.user?.openQuestion == nil, !decision.actions.isEmpty,
              let locale = decision.user?.locale else { return decision }
        let notice = strings.text("stale_button", locale)
        let onlyStale = decision.actions.allSatisfy { action in
            if case .answerCallback(_, let text, _) = action { text == notice } else { false }
        }
        let pressedElsewhere = update.callbackQuery?.data.map { !open.owns($0) } ?? false
        let keptBelow = pressedElsewhere && open.isDeletePhoto && decision.mediaTasks.isEmpty
            && !decision.actions.contains(where: \.isNewMessage)
        guard onlyStale || keptBelow else { return decision }
        var decision = decision
        decision.user?.openQuestion = open
        return decision
    }

    /// A press whose only effect was an edit into what the message already shows (the option
    /// already chosen): a word on the button says so, rather than silence.
    func notingNothingToChange(_ decision: Decision) -> Decision {
        let onlyAnswers = decision.actions.allSatisfy { action in
            if case .answerCallback(_, let text, _) = action { text == nil } else { false }
        }
        guard onlyAnswers, let locale = decision.user?.locale else { return decision }
        var decision = decision
        decision.actions = decision.actions.map { action in
            guard case .answerCallback(let queryID, _, let alert) = action else { return action }
            return .answerCallback(queryID: queryID, text: strings.text("already_chosen", locale), alert: alert)
        }
        return decision
    }

    /// A decision that sends a yes/no question (start over?, switch kit?, skip a week?) makes
    /// every older one's buttons stale: its "yes" would otherwise confirm this question.
    static func rememberingYesNoAsked(_ decision: Decision, by trigger: Int?) -> Decision {
        let asks = decision.actions.contains { action in
            guard case .message(_, let keyboard?) = action else { return false }
            return keyboard.joined().contains { $0.data == programPrefix + "y" }
        }
        guard asks, let trigger, var user = decision.user else { return decision }
        var state = ConversationState(user.conversation)
        state.yesNoAfter = max(state.yesNoAfter ?? trigger, trigger)
        user.conversation = state.encoded
        var decision = decision
        decision.user = user
        return decision
    }

    /// The diary as the user's current journey sees it (earlier journeys' photos marked and first).
    static func journeyPhotoDiary(_ photoDiary: PhotoDiary, of user: UserRecord?) -> PhotoDiary {
        guard !photoDiary.photos.isEmpty else { return photoDiary } // most updates: no progress decoded for nothing
        return photoDiary.inJourney(startedAt: user?.progress.flatMap(ProgressCoding.decode)?.startedAt)
    }

    /// Keyboards the decision edits or removes are remembered (ConversationState), so their old
    /// buttons, pressed later, only get "already done".
    static func rememberingEditedKeyboards(_ decision: Decision) -> Decision {
        let edits = decision.actions.compactMap { action -> (Int, [[Button]]?)? in
            switch action {
            case .editText(let messageID, _, let keyboard), .editKeyboard(let messageID, let keyboard): return (messageID, keyboard)
            default: return nil
            }
        }
        guard !edits.isEmpty, var user = decision.user else { return decision } // most decisions edit nothing
        var state = ConversationState(user.conversation)
        for (messageID, keyboard) in edits { state.remember(messageID, shows: keyboard) }
        user.conversation = state.encoded
        var decision = decision
        decision.user = user
        return decision
    }

    private func deciding(_ update: Update, user: UserRecord?, admission: Admission, now: Date,
                          adminFigures: AdminFigures?) -> Decision {
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
        var current = user ?? newUser(sender, now: now)
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

    /// Someone writing for the first time; their time zone starts as their language's default.
    func newUser(_ sender: User, now: Date) -> UserRecord {
        let locale = strings.locale(forLanguageCode: sender.languageCode)
        var user = UserRecord(id: sender.id, firstName: sender.firstName, languageCode: sender.languageCode, locale: locale, now: now)
        user.timezone = TimeZoneChoice.defaultZone(for: locale)
        return user
    }

    // MARK: - Messages

    private func privateMessage(_ message: Message, user: UserRecord, now: Date) -> Decision {
        if let text = message.text {
            if let command = Command(text: text) ?? typedKitCommand(text, user: user) {
                var asked = user
                // A command ends the question the bot asked, unless it only shows something during onboarding.
                if user.awaiting?.survives(command.name) != true { asked.awaiting = nil }
                var decision = noticingSkippedOnboarding(handle(command, user: asked, now: now), command: command.name, before: user, now: now)
                // /settings' buttons act until the user does something else (OpenQuestion).
                if command.name == "settings" { decision.user?.openQuestion = .settings(command: message.messageID) }
                return decision
            }
        }
        switch user.awaiting {
        case .contact: return contactMessage(message, user: user, now: now)
        case .forgetWord: return forgetWord(message, user: user)
        case let .reply(target, locale) where adminIDs.contains(user.id):
            return adminReply(message, admin: user, to: target, locale: locale)
        default: break
        }
        if let text = message.text {
            if let settings = settingsText(text, user: user, now: now) { return settings }
            guard let stored = user.progress else { return reply("text_before_start", to: user) }
            if let key = Self.notAskingKey(ProgressCoding.decode(stored)) { return reply(key, to: user) }
            return program(.text(text), user: user, now: now)
        }
        if let photo = photoMessage(message, user: user, now: now) { return photo }
        return reply(UnsupportedContent.replyKey(for: message), to: user)
    }

    /// Stray text while paused, stopped or after the journey: say so and point to what helps,
    /// rather than the engine's "tap Continue to get back to the practice".
    static func notAskingKey(_ progress: UserProgress?) -> String? {
        guard let progress else { return nil }
        switch progress.status {
        case .paused: return "text_while_paused"
        case .stopped: return "text_while_stopped"
        case .completed: return progress.awaitingText == nil ? "text_after_journey" : nil
        case .active: return nil
        }
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

    /// Buttons of a one-time question: the yes/no answers, the NPS scores, and Done / "Choose
    /// for me" of the theme picker.
    static func answersOnce(_ payload: String) -> Bool {
        answersQuestion(payload) || payload.hasPrefix("ns:") || payload == "nx" || payload == "td" || payload == "tx"
    }

    private func callback(_ query: CallbackQuery, user: UserRecord?, admission: Admission, now: Date) -> Decision {
        let answer = OutboxAction.answerCallback(queryID: query.id, text: nil, alert: false)
        let sender = user ?? (adminIDs.contains(query.from.id) ? newUser(query.from, now: now) : nil)
        guard admission == .allowed, query.message?.chat.isPrivate ?? true, var user = sender else {
            return Decision(user: user, actions: [answer])
        }
        user.lastActivityAt = now
        user.blockedAt = nil
        if let data = query.data, let messageID = query.message?.messageID,
           !ConversationState(user.conversation).allows(data, on: messageID) {
            return Decision(user: user, actions: [staleAnswer(query.id, user)]) // a keyboard the bot removed or replaced
        }
        if let data = query.data, user.pressesClosedQuestion(data, on: query.message?.messageID) {
            return Decision(user: user, actions: [staleAnswer(query.id, user)]) // an old /settings or "Delete?" the user left behind
        }
        if let data = query.data, data.hasPrefix(Self.practiceDiaryPrefix) {
            return practiceDiaryCallback(String(data.dropFirst(Self.practiceDiaryPrefix.count)), user: user, queryID: query.id, answer: answer)
        }
        if let data = query.data, data.hasPrefix(Self.settingsPrefix) {
            return settingsCallback(String(data.dropFirst(Self.settingsPrefix.count)), user: user, answer: answer,
                                    source: query.message?.messageID, now: now)
        }
        if let data = query.data, data.hasPrefix(Self.supportPrefix) {
            return supportCallback(String(data.dropFirst(Self.supportPrefix.count)), user: user, answer: answer,
                                   queryID: query.id, source: query.message?.messageID)
        }
        if let data = query.data, data.hasPrefix(Self.privacyPrefix) {
            return privacyCallback(String(data.dropFirst(Self.privacyPrefix.count)), user: user, answer: answer,
                                   queryID: query.id, source: query.message?.messageID)
        }
        if let data = query.data, data.hasPrefix(Self.audioPrefix) {
            return audioCallback(String(data.dropFirst(Self.audioPrefix.count)), user: user, answer: answer,
                                 source: query.message?.messageID, now: now)
        }
        if let data = query.data, data.hasPrefix(Self.collectionPrefix) {
            return collectionCallback(String(data.dropFirst(Self.collectionPrefix.count)), user: user, queryID: query.id,
                                      answer: answer, source: query.message?.messageID)
        }
        if let data = query.data, data.hasPrefix(Self.leaderboardPrefix) {
            return leaderboardCallback(String(data.dropFirst(Self.leaderboardPrefix.count)), user: user, queryID: query.id,
                                       answer: answer, source: query.message?.messageID)
        }
        if let data = query.data, data.hasPrefix(Self.giftPrefix) {
            return giftCallback(String(data.dropFirst(Self.giftPrefix.count)), user: user, answer: answer, queryID: query.id,
                                source: query.message?.messageID, now: now)
        }
        if let data = query.data, data.hasPrefix(PhotoDiaryMessages.prefix) {
            var decision = photoCallback(String(data.dropFirst(PhotoDiaryMessages.prefix.count)), user: user)
            if decision.rejected { return Decision(user: user, actions: [staleAnswer(query.id, user)]) }
            decision.actions.insert(answer, at: 0)
            if data.hasPrefix("ph:dy:") || data == "ph:dn", let question = query.message?.messageID {
                // "Delete this photo?" is answered once: its buttons go.
                decision.actions.insert(.editKeyboard(messageID: question, keyboard: nil), at: 1)
            }
            return decision
        }
        guard let data = query.data, data.hasPrefix(Self.programPrefix) else {
            return Decision(user: user, actions: [staleAnswer(query.id, user)])
        }
        let payload = String(data.dropFirst(Self.programPrefix.count))
        if let messageID = query.message?.messageID {
            let state = ConversationState(user.conversation)
            // An answered question's button pressed on a copy the keyboard memory has forgotten, or
            // the "yes" of a question asked before the latest one.
            if (Self.answersOnce(payload) && messageID <= state.answeredUpTo ?? Int.min)
                || (Self.answersQuestion(payload) && messageID < state.yesNoAfter ?? Int.min) {
                return Decision(user: user, actions: [staleAnswer(query.id, user)])
            }
        }
        let before = user
        var decision = program(.callback(payload: payload), user: user, now: now, source: query.message?.messageID)
        if decision.rejected {
            // An old or unknown button: a short notice on the button itself, and nothing changes.
            return Decision(user: before, actions: [staleAnswer(query.id, user)])
        }
        decision.actions.insert(answer, at: 0)
        if Self.answersOnce(payload), let question = query.message?.messageID {
            // "Start over?", the NPS score and the theme picker are answered once: their buttons go, so they cannot be pressed again later.
            decision.actions.insert(.editKeyboard(messageID: question, keyboard: nil), at: 1)
            if var answered = decision.user {
                var state = ConversationState(answered.conversation)
                state.answeredUpTo = max(state.answeredUpTo ?? question, question)
                answered.conversation = state.encoded
                decision.user = answered
            }
        }
        return decision
    }

    /// The answer to a button that no longer fits where the user is: "already done", nothing else.
    func staleAnswer(_ queryID: String, _ user: UserRecord) -> OutboxAction {
        .answerCallback(queryID: queryID, text: strings.text("stale_button", user.locale), alert: false)
    }
}

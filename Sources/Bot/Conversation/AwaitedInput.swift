import Foundation

/// The question the bot is asking, kept in `users.conversation` (ConversationState): what the
/// user's next text answers, and which buttons still act. Any command ends it, except that a
/// command which only shows something leaves an onboarding question open (`survives(_:)`).
enum AwaitedInput: Equatable {
    case onboardingZone, onboardingTime, onboardingNarration
    /// /settings asked for a zone or a reminder time.
    case timeZone, reminderTime
    /// /contact: the next message goes to the team.
    case contact
    /// /forget: the word that confirms the erasure.
    case forgetWord
    /// An admin pressed Reply under a user's message: their next message goes to that user.
    case reply(userID: Int64, locale: String)

    private static let names: [(String, AwaitedInput)] = [
        ("onboarding_zone", .onboardingZone), ("onboarding_time", .onboardingTime),
        ("onboarding_narration", .onboardingNarration), ("timezone", .timeZone), ("time", .reminderTime),
        ("contact", .contact), ("forget_word", .forgetWord),
    ]

    /// Commands that only show something. A newcomer who opens /help in the middle of the
    /// zone question still means to answer it: its buttons and typed answers keep acting.
    static let showingCommands: Set<String> = [
        "help", "privacy", "status", "stats", "collection", "photos", "collage", "timeline", "diary", "leaderboard",
    ]

    /// Whether this question stays open across `command`.
    func survives(_ command: String) -> Bool {
        switch self {
        case .onboardingZone, .onboardingTime, .onboardingNarration: Self.showingCommands.contains(command)
        default: false
        }
    }

    /// Reads the stored column; nil for none or anything unreadable.
    init?(_ column: String?) {
        self.init(state: ConversationState(column))
    }

    init?(state: ConversationState) {
        guard let awaiting = state.awaiting else { return nil }
        if awaiting == "reply", let user = state.user {
            self = .reply(userID: user, locale: state.locale ?? BotStrings.defaultLocale)
            return
        }
        guard let match = Self.names.first(where: { $0.0 == awaiting }) else { return nil }
        self = match.1
    }

    /// Writes this question into `state` (nil clears it).
    static func store(_ input: AwaitedInput?, in state: inout ConversationState) {
        state.user = nil
        state.locale = nil
        switch input {
        case nil: state.awaiting = nil
        case let .reply(user, locale)?:
            state.awaiting = "reply"
            state.user = user
            state.locale = locale
        case let other?: state.awaiting = names.first { $0.1 == other }?.0
        }
    }
}

extension UserRecord {
    /// The question the bot is asking this user, if any.
    var awaiting: AwaitedInput? {
        get { AwaitedInput(conversation) }
        set {
            var state = ConversationState(conversation)
            AwaitedInput.store(newValue, in: &state)
            conversation = state.encoded
        }
    }
}

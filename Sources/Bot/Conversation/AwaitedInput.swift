import Foundation

/// The question the bot is asking, stored in `users.conversation` (JSON): what the user's next
/// text answers, and which buttons still act. Any command ends it.
enum AwaitedInput: Equatable {
    case onboardingZone, onboardingTime, onboardingNarration
    /// /settings asked for a zone or a reminder time.
    case timeZone, reminderTime
    /// /contact: the next message goes to the team.
    case contact
    /// An admin pressed Reply under a user's message: their next message goes to that user.
    case reply(userID: Int64, locale: String)

    private struct Stored: Codable {
        var awaiting: String
        var user: Int64?
        var locale: String?
    }

    private static let names: [(String, AwaitedInput)] = [
        ("onboarding_zone", .onboardingZone), ("onboarding_time", .onboardingTime),
        ("onboarding_narration", .onboardingNarration), ("timezone", .timeZone), ("time", .reminderTime),
        ("contact", .contact),
    ]

    /// Reads the stored column; nil for none or anything unreadable.
    init?(_ column: String?) {
        guard let column, let stored = try? JSONDecoder().decode(Stored.self, from: Data(column.utf8)) else { return nil }
        if stored.awaiting == "reply", let user = stored.user {
            self = .reply(userID: user, locale: stored.locale ?? BotStrings.defaultLocale)
            return
        }
        guard let match = Self.names.first(where: { $0.0 == stored.awaiting }) else { return nil }
        self = match.1
    }

    var encoded: String? {
        let stored: Stored
        switch self {
        case let .reply(user, locale): stored = Stored(awaiting: "reply", user: user, locale: locale)
        default: stored = Stored(awaiting: Self.names.first { $0.1 == self }?.0 ?? "", user: nil, locale: nil)
        }
        return (try? JSONEncoder().encode(stored)).map { String(decoding: $0, as: UTF8.self) }
    }
}

import Foundation

/// How gift invites behave (SOGRETO_GIFT_MAX_USES, SOGRETO_GIFT_VALID_DAYS, SOGRETO_BOT_USERNAME),
/// read once from the configuration; "a taste" links to the configuration's one shop URL.
struct GiftSettings: Sendable, Equatable {
    /// How many friends one invite may start (1: single-use).
    var maxUses = 1
    /// How long an invite stays good after it was made.
    var validDays = 30
    /// How many invites one gifter may have open (not used up, not expired) at once: links are
    /// for friends, not for posting everywhere.
    var maxOpenInvites = 5
    /// The bot's @username for `https://t.me/<username>?start=…`: configured, or learned from getMe.
    var botUsername: String?

    init(maxUses: Int = 1, validDays: Int = 30, botUsername: String? = nil) {
        self.maxUses = maxUses
        self.validDays = validDays
        self.botUsername = botUsername
    }

    /// The friend's invite: the bot's deep link with the code.
    func invite(code: String) -> String? {
        guard let botUsername, !botUsername.isEmpty else { return nil }
        return "https://t.me/\(botUsername)?start=\(GiftCode.payloadPrefix)\(code)"
    }

    /// Telegram's share page: the gifter picks the chat, the text comes pre-filled.
    static func shareURL(invite: String, text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encoded(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value }
        return "https://t.me/share/url?url=\(encoded(invite))&text=\(encoded(text))"
    }
}

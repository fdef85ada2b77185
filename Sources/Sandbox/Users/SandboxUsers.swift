import TelegramEmulator

/// The people the web chat plays, in the order they were created. The emulator knows them too;
/// this list is what the page's user switcher shows and how a chat id finds its user.
actor SandboxUsers {
    private var users: [SimulatedUser] = []

    func add(_ user: SimulatedUser) {
        users.append(user)
    }

    func all() -> [SimulatedUser] {
        users
    }

    /// The user whose private chat this is.
    func user(chatID: Int64) -> SimulatedUser? {
        users.first { $0.chatID == chatID }
    }
}

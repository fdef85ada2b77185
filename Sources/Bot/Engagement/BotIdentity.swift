import Synchronization

/// The bot's @username as Telegram's getMe reported it at start-up (`BotRuntime.announce`),
/// for gift links when SOGRETO_BOT_USERNAME is not set; read by the processor for each batch.
final class BotIdentity: Sendable {
    private let username = Mutex<String?>(nil)

    init() {}

    var current: String? { username.withLock { $0 } }

    func learned(_ name: String?) {
        guard let name, !name.isEmpty else { return }
        username.withLock { $0 = name }
    }
}

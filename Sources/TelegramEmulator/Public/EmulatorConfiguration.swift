public import Foundation

/// How an emulator instance behaves: its bot identity, where it listens, its flood limits and its
/// clock.
public struct EmulatorConfiguration: Sendable {
    /// The token the bot must use; any other token gets 401 Unauthorized.
    public var token: String
    public var botUsername: String
    public var botFirstName: String
    public var host: String
    /// 0 asks the system for a free port; `TelegramEmulator.baseURL` tells which one it chose.
    public var port: Int
    public var floodLimits: FloodLimits
    /// The longest a `getUpdates` call may wait, whatever `timeout` the bot asks for (Telegram
    /// caps long polls at 50 seconds).
    public var maxLongPollTimeout: TimeInterval
    /// The clock behind every `date` and `edit_date`; the sandbox's time travel drives it.
    public var now: @Sendable () -> Date
    /// How many messages each chat keeps (oldest are forgotten first), so long benchmarks stay
    /// within memory.
    public var messageHistoryLimit: Int
    /// How many entries `requestLog()` keeps (oldest are forgotten first).
    public var requestLogLimit: Int
    /// Telegram accepts an `&` that starts no entity as a literal; the emulator refuses it
    /// unless this is false, so a missing escape shows up in tests.
    public var rejectsBareAmpersand: Bool
    /// Told of every queued update and every bot request, on the emulator's actor: it must return
    /// quickly. Benchmarks time replies with it; nil (the default) costs nothing.
    public var observer: (@Sendable (EmulatorEvent) -> Void)?
    /// Webhook requests in flight at once, at most the bot's `max_connections` (Telegram pushes
    /// in parallel; one chat's updates still go one at a time, in order). 1 (the default) pushes
    /// every update in order, one at a time.
    package var webhookConnections: Int = 1

    public init(
        token: String = "123456:TEST-emulator-token",
        botUsername: String = "sogreto_test_bot",
        botFirstName: String = "Sogreto Test",
        host: String = "127.0.0.1",
        port: Int = 0,
        floodLimits: FloodLimits = .telegram,
        maxLongPollTimeout: TimeInterval = 50,
        now: @escaping @Sendable () -> Date = { Date() },
        messageHistoryLimit: Int = 1_000,
        requestLogLimit: Int = 10_000,
        rejectsBareAmpersand: Bool = true,
        observer: (@Sendable (EmulatorEvent) -> Void)? = nil
    ) {
        self.token = token
        self.botUsername = botUsername
        self.botFirstName = botFirstName
        self.host = host
        self.port = port
        self.floodLimits = floodLimits
        self.maxLongPollTimeout = maxLongPollTimeout
        self.now = now
        self.messageHistoryLimit = messageHistoryLimit
        self.requestLogLimit = requestLogLimit
        self.rejectsBareAmpersand = rejectsBareAmpersand
        self.observer = observer
    }

    /// The bot's user id: the digits before the colon of the token, as with real tokens.
    var botUserID: Int64 {
        Int64(token.split(separator: ":").first ?? "") ?? 1
    }
}

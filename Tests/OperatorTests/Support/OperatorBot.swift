import Foundation
import Hummingbird
import ServiceLifecycle
import Logging
import TelegramEmulator
import BotAssembly
import Web
@testable import Bot
import TestSupport

let repositoryRoot = Repository.root

/// A fresh temporary directory; the caller removes it.
func temporaryDirectory(_ label: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-\(label)-\(UUID().uuidString)")
}

/// The real bot in-process against the emulator over loopback, in polling or webhook mode.
final class OperatorBot: Sendable {
    enum Mode: Sendable {
        case polling
        /// The webhook on 127.0.0.1:0 at `/telegram/webhook` with this secret.
        case webhook(secret: String)
    }

    let emulator: TelegramEmulator
    let runtime: BotRuntime
    let configuration: Bot.Configuration
    let client: HTTPTelegramClient
    /// The URL Telegram (the emulator) was told, once the server listens.
    let webhookURL: LockedBox<URL?>
    private let task: Task<Void, any Error>

    static let webhookPath = "/telegram/webhook"

    static func start(emulator: TelegramEmulator, dataDirectory: URL, mode: Mode = .polling,
                      extra environment: [String: String] = [:], clock: any BotClock = SystemClock(),
                      logger: Logger? = nil,
                      background: @Sendable (BotRuntime, Bot.Configuration) -> [any ServiceLifecycle.Service] = { _, _ in [] })
        async throws -> OperatorBot {
        var values = [
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": dataDirectory.path,
            "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
        ]
        values.merge(environment) { _, new in new }
        let configuration = try Bot.Configuration.load(from: values)
        let logger = logger ?? {
            var quiet = Logger(label: "ops-test")
            quiet.logLevel = .critical
            return quiet
        }()
        var options = BotOptions()
        options.clock = clock
        options.limits.perChatPerSecond = 200
        options.limits.perChatBurst = 50
        options.limits.overallPerSecond = 2_000
        options.limits.overallBurst = 500
        options.pollTimeout = 1
        let assembled = try await BotAssembly.build(configuration, options: options, logger: logger)
        let (runtime, client) = (assembled.runtime, assembled.client)
        let webhookURL = LockedBox<URL?>(nil)
        var intake: [any ServiceLifecycle.Service]?
        switch mode {
        case .polling:
            try await runtime.announce(polling: true)
        case .webhook(let secret):
            try await runtime.announce(polling: false)
            let webhook = WebhookMount(
                path: webhookPath, secret: Secret(secret), processor: runtime.processor, client: client, logger: logger,
                publicURL: { port in URL(string: "http://127.0.0.1:\(port)\(webhookPath)")! },
                // once Telegram knows it, so a test never looks before registration
                registered: { webhookURL.set($0) })
            intake = HTTPServer.services(host: "127.0.0.1", port: 0, logger: logger, webhook: webhook)
        }
        let services = background(runtime, configuration)
        let task = Task { try await runtime.run(handleSignals: false, intake: intake, background: services) }
        let bot = OperatorBot(emulator: emulator, runtime: runtime, configuration: configuration, client: client,
                              webhookURL: webhookURL, task: task)
        if case .webhook = mode {
            // Generous: the first minute of the parallel suite keeps both cores busy.
            _ = try await eventually(within: .seconds(60)) { webhookURL.get() != nil }
        }
        return bot
    }

    private init(emulator: TelegramEmulator, runtime: BotRuntime, configuration: Bot.Configuration,
                 client: HTTPTelegramClient, webhookURL: LockedBox<URL?>, task: Task<Void, any Error>) {
        self.emulator = emulator
        self.runtime = runtime
        self.configuration = configuration
        self.client = client
        self.webhookURL = webhookURL
        self.task = task
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Waits until the outbox is empty and Telegram holds no update for a moment.
    func settle(timeout: TimeInterval = 20) async throws {
        _ = try await quiescence(within: .seconds(timeout)) {
            let unsent = try await runtime.database.pendingOutboxCount()
            let queued = await emulator.pendingUpdateCount()
            return unsent == 0 && queued == 0
        }
    }
}

/// A value shared between tasks.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ new: Value) { lock.withLock { value = new } }
}

/// The test clock every suite shares (Tests/TestSupport).
typealias ManualClock = TestSupport.ManualClock

import ArgumentParser
import Bot
import BotAssembly
import Foundation
import Logging
import PostgresStore
import ServiceLifecycle
import Web

/// `sogreto-bench bot`: the bot as `sogreto run` runs it (same `BotRuntime`, SIGTERM handling and
/// logging; with SOGRETO_DATABASE_URL one of several instances on PostgreSQL, elected as `sogreto
/// run` elects) but with Telegram's pacing lifted, for the pipeline benchmark to start as a child
/// process. Reads only the variables the benchmark passes, never `.env` files, so a developer's
/// real token cannot leak into a benchmark.
struct BotProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bot",
        abstract: "Run the bot with delivery pacing lifted (started by `pipeline`; not for production).",
        shouldDisplay: false
    )

    @Flag(help: "Take updates by webhook (SOGRETO_WEBHOOK_URL, SOGRETO_WEBHOOK_SECRET, SOGRETO_HTTP_PORT).")
    var webhook = false

    func run() async throws {
        // First, as `sogreto run`: a SIGTERM while starting ends the bot cleanly, not by the signal.
        await TerminationSignals.install()
        let configuration = try Configuration.load(from: ProcessInfo.processInfo.environment)
        try LineLogHandler.bootstrap(level: configuration.logLevel, directory: nil, maxBytes: 1 << 20, maxFiles: 1)
        guard configuration.token != nil else {
            throw ValidationError("TELEGRAM_BOT_TOKEN is not set: `pipeline` passes the emulator's token.")
        }
        // Unpaced sending is only for the emulator: never point this at api.telegram.org.
        guard ["127.0.0.1", "localhost", "::1"].contains(configuration.apiURL.host ?? "") else {
            throw ValidationError("TELEGRAM_API_URL must be the local emulator (127.0.0.1): this bot sends unpaced.")
        }
        let logger = Logger(label: "sogreto-bench-bot")
        let instance = try await BenchInstance.open(configuration, logger: logger)
        var options = BotOptions()
        options.limits = .unlimited
        options.store = instance?.store
        let bot = try await BotAssembly.build(configuration, options: options, logger: logger)
        let (runtime, client) = (bot.runtime, bot.client)
        try await runtime.announce(polling: !webhook)
        if TerminationSignals.received { return }
        let background = instance?.services(wakes: runtime.sharedQueueWakes, logger: logger) ?? []
        let intake = webhook ? try webhookServices(configuration, runtime: runtime, client: client, logger: logger) : nil
        try await runtime.run(handleSignals: true, intake: intake, background: background, leadership: instance?.leadership)
    }

    /// The webhook route on SOGRETO_HTTP_PORT, registered once it listens (as `sogreto run --webhook`).
    private func webhookServices(_ configuration: Configuration, runtime: BotRuntime, client: any TelegramClient,
                                 logger: Logger) throws -> [any Service] {
        guard let url = configuration.webhookURL, let secret = configuration.webhookSecret else {
            throw ValidationError("--webhook needs SOGRETO_WEBHOOK_URL and SOGRETO_WEBHOOK_SECRET.")
        }
        return HTTPServer.services(host: configuration.httpHost, port: configuration.httpPort, logger: logger,
                                   webhook: WebhookMount(url: url, secret: secret, processor: runtime.processor,
                                                         client: client, logger: logger))
    }
}

/// One of several instances on PostgreSQL (SOGRETO_DATABASE_URL): its store, its part in the
/// delivery election and the shared-queue wake-ups, as `sogreto run` assembles them.
struct BenchInstance {
    let store: PostgresAppDatabase
    let leadership: PostgresDeliveryLeadership
    let url: DatabaseURL

    static func open(_ configuration: Configuration, logger: Logger) async throws -> BenchInstance? {
        guard let secret = configuration.databaseServerURL else { return nil }
        let url = try DatabaseURL(parsing: secret.value)
        let planner = try BotRuntime.reminderPlanner(for: configuration)
        let store = try await PostgresAppDatabase.open(url, reminderPlanner: planner, logger: logger,
                                                       maximumConnections: poolSize)
        let name = ProcessInfo.processInfo.environment["SOGRETO_INSTANCE"] ?? "bench-\(getpid())"
        let leadership = try await PostgresDeliveryLeadership.open(
            url, elector: LeaderElector(url: url, instance: name, logger: logger), reminderPlanner: planner, logger: logger)
        return BenchInstance(store: store, leadership: leadership, url: url)
    }

    /// SOGRETO_BENCH_POOL (connections of the instance's store) lets a run compare pool sizes.
    private static var poolSize: Int {
        ProcessInfo.processInfo.environment["SOGRETO_BENCH_POOL"].flatMap(Int.init) ?? 10
    }

    func services(wakes: SharedQueueWakeSignals, logger: Logger) -> [any Service] {
        [leadership.election, SharedQueueWakes(url: url, wakes: wakes, interval: .seconds(1), logger: logger)]
    }
}

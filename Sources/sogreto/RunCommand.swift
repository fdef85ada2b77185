import ArgumentParser
import Bot
import Foundation
import Logging

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the bot (long polling, or --webhook). Configuration comes from the environment and .env.",
        discussion: """
        Also takes the daily backup (SOGRETO_BACKUP_TIME) and watches for incidents to tell the admins \
        (SOGRETO_ADMIN_IDS). --dry-run checks the configuration, content and database and exits.
        """)

    @Flag(help: "Receive updates by webhook (SOGRETO_WEBHOOK_URL, SOGRETO_WEBHOOK_SECRET) on SOGRETO_HTTP_HOST:SOGRETO_HTTP_PORT.")
    var webhook = false

    @Flag(help: "Check configuration, content and database, print what would run, and exit without contacting Telegram.")
    var dryRun = false

    func run() async throws {
        let configuration = try loadConfiguration()
        let clock = SystemClock()
        let signals = OperationalSignals(clock: clock)
        try bootstrapLogging(configuration, signals: signals)
        let logger = Logger(label: "sogreto")
        guard let token = configuration.token else {
            throw CleanExit.message(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env (see README).")
        }
        let endpoint = try webhook ? WebhookEndpoint(configuration) : nil
        let client = HTTPTelegramClient(baseURL: configuration.apiURL, token: token.value)
        let runtime = try BotRuntime.prepare(configuration: configuration, client: client, clock: clock,
                                             logger: logger)
        let background = OperationsServices.make(configuration: configuration, runtime: runtime, signals: signals,
                                                 clock: clock, logger: logger)
        if dryRun {
            print(DryRunReport.describe(configuration: configuration, webhook: endpoint, runtime: runtime))
            return
        }
        logger.info("starting", metadata: ["env": "\(configuration.environment.rawValue)",
                                           "data_dir": "\(configuration.dataDirectory.path)",
                                           "mode": "\(webhook ? "webhook" : "polling")"])
        try await runtime.announce(polling: endpoint == nil)
        if let endpoint {
            let intake = endpoint.services(runtime: runtime, client: client, configuration: configuration, logger: logger)
            try await runtime.run(intake: intake, background: background)
        } else {
            try await runtime.run(background: background)
        }
        logger.info("stopped")
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database in SOGRETO_DATA_DIR, then exit.")

    func run() async throws {
        let configuration = try loadConfiguration()
        let database = try AppDatabase.open(at: configuration.databaseURL)
        let applied = try database.appliedMigrations()
        print("Database \(configuration.databaseURL.path) is at \(applied.last ?? "no migration") (\(applied.count) applied).")
    }
}

/// Reads the configuration or stops with one sentence naming the variable.
func loadConfiguration() throws -> Configuration {
    do {
        return try Configuration.loadFromProcess()
    } catch let error as ConfigurationError {
        throw ValidationError("Configuration: \(error.description).")
    }
}

func bootstrapLogging(_ configuration: Configuration, signals: OperationalSignals? = nil) throws {
    try LineLogHandler.bootstrap(level: configuration.logLevel, directory: configuration.logDirectory,
                                 maxBytes: configuration.logMaxBytes, maxFiles: configuration.logMaxFiles,
                                 signals: signals)
}

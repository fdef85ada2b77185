import Admin
import ArgumentParser
import Bot
import Foundation
import Logging
import ServiceLifecycle

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the bot (long polling). Configuration comes from the environment and .env.")

    func run() async throws {
        let configuration = try loadConfiguration()
        try bootstrapLogging(configuration)
        let logger = Logger(label: "sogreto")
        guard let token = configuration.token else {
            FileHandle.standardOutput.write(Data("""
            TELEGRAM_BOT_TOKEN is not set, so this is the local sandbox: the same bot against a Telegram \
            emulator on this machine, with a web chat. To run the real bot, put the token from @BotFather \
            in .env (see README).

            """.utf8))
            try await SandboxCommand.start(port: nil)
            return
        }
        let client = HTTPTelegramClient(baseURL: configuration.apiURL, token: token.value)
        let clock = SystemClock()
        let export = PrometheusExport()
        let runtime = try BotRuntime.prepare(configuration: configuration, client: client, clock: clock,
                                             metrics: BotMetrics(factory: export.factory), logger: logger)
        let server = try httpServer(configuration: configuration, runtime: runtime, export: export, clock: clock,
                                    logger: logger)
        logger.info("starting", metadata: ["env": "\(configuration.environment.rawValue)",
                                           "data_dir": "\(configuration.dataDirectory.path)"])
        try await runtime.announce()
        try await runtime.run(alongside: server.map { [$0] } ?? [])
        logger.info("stopped")
    }

    /// The HTTP server beside the bot: the admin API when SOGRETO_ADMIN_TOKEN is set (the webhook
    /// routes will be installed on the same router).
    private func httpServer(configuration: Configuration, runtime: BotRuntime, export: PrometheusExport,
                            clock: any BotClock, logger: Logger) throws -> (any Service)? {
        guard let token = configuration.adminToken else { return nil }
        let operations = try AdminOperations(configuration: configuration, database: runtime.database, clock: clock,
                                             outboxChanged: { await runtime.outboxWake.signal() })
        logger.info("admin HTTP API on", metadata: ["address": "\(configuration.httpHost):\(configuration.httpPort)"])
        return HTTPServer.application(host: configuration.httpHost, port: configuration.httpPort, logger: logger,
                                      installers: [AdminRoutes.installer(operations: operations, token: token, metrics: export)])
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

func bootstrapLogging(_ configuration: Configuration) throws {
    try LineLogHandler.bootstrap(level: configuration.logLevel, directory: configuration.logDirectory,
                                 maxBytes: configuration.logMaxBytes, maxFiles: configuration.logMaxFiles)
}

import ArgumentParser
import Bot
import Foundation
import Logging

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
        let runtime = try BotRuntime.prepare(configuration: configuration, client: client, clock: SystemClock(),
                                             logger: logger)
        logger.info("starting", metadata: ["env": "\(configuration.environment.rawValue)",
                                           "data_dir": "\(configuration.dataDirectory.path)"])
        try await runtime.announce()
        try await runtime.run()
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

func bootstrapLogging(_ configuration: Configuration) throws {
    try LineLogHandler.bootstrap(level: configuration.logLevel, directory: configuration.logDirectory,
                                 maxBytes: configuration.logMaxBytes, maxFiles: configuration.logMaxFiles)
}

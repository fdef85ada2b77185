import Admin
import ArgumentParser
import Bot
import BotAssembly
import Foundation
import Logging
import PostgresStore
import ServiceLifecycle
import Web

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the bot (long polling, or --webhook). Configuration comes from the environment and .env.",
        discussion: """
        Without TELEGRAM_BOT_TOKEN it starts the local sandbox instead. Also takes the daily backup \
        (SOGRETO_BACKUP_TIME), watches for incidents to tell the admins (SOGRETO_ADMIN_IDS) and serves \
        the admin API when SOGRETO_ADMIN_TOKEN is set. --dry-run checks the configuration, content and \
        database and exits.
        """)

    @Flag(help: "Receive updates by webhook (SOGRETO_WEBHOOK_URL, SOGRETO_WEBHOOK_SECRET) on SOGRETO_HTTP_HOST:SOGRETO_HTTP_PORT.")
    var webhook = false

    @Flag(help: "Check configuration, content and database, print what would run, and exit without contacting Telegram.")
    var dryRun = false

    @Flag(help: "Without SOGRETO_AUDIO_DIR/manifest.json, or with recordings of an older script, narrate the practices in the background (as `sogreto audio build`); the bot offers audio once it is done.")
    var buildMissingAudio = false

    func run() async throws {
        // First: a SIGTERM from here on stops start-up between steps and exits 0, never by the signal.
        await TerminationSignals.install()
        let configuration = try loadConfiguration()
        do {
            try await MediaStorage.checkReachable(configuration)
        } catch {
            throw exitFailure(error.sentence)
        }
        let clock = SystemClock()
        let signals = OperationalSignals(clock: clock)
        try bootstrapLogging(configuration, signals: signals)
        let logger = Logger(label: "sogreto")
        if let warning = await MediaStorage.versioningWarning(configuration) { logger.warning("\(warning)") }
        guard configuration.token != nil else {
            guard !dryRun, !webhook else {
                throw CleanExit.message(
                    "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env (see README).")
            }
            FileHandle.standardOutput.write(Data("""
            TELEGRAM_BOT_TOKEN is not set, so this is the local sandbox: the same bot against a Telegram \
            emulator on this machine, with a web chat. To run the real bot, put the token from @BotFather \
            in .env (see README).

            """.utf8))
            try await SandboxCommand.start(port: nil)
            return
        }
        let endpoint = try webhook ? WebhookEndpoint(configuration) : nil
        // PostgreSQL (SOGRETO_DATABASE_URL) is shared by instances; SQLite is one process's, so
        // only then is the data directory locked.
        let postgres = try await openConfiguredPostgres(configuration, logger: logger)
        if stoppedDuringStartUp(logger) {
            await postgres?.close()
            return
        }
        let lock = postgres == nil ? try lockDataDirectory(configuration, for: .own) : nil
        defer { withExtendedLifetime(lock) {} }
        // Several instances may share PostgreSQL: one elected instance delivers, fires reminders,
        // polls, backs up and collects blobs; every instance takes webhook updates and media tasks.
        var instance: PostgresInstance?
        if let postgres, !dryRun {
            do {
                instance = try await PostgresInstance.start(postgres.url, reminderPlanner: BotRuntime.reminderPlanner(for: configuration),
                                                            logger: logger)
            } catch {
                await postgres.close()
                throw exitFailure("\(error)")
            }
        }
        let export = PrometheusExport(role: instance?.role ?? .alone(name: PostgresInstance.givenName()))
        var options = BotOptions()
        options.clock = clock
        options.metrics = BotMetrics(factory: export.factory)
        // Opened above: the instance's election needs the same server before the bot is built.
        options.store = postgres
        let bot: AssembledBot
        do {
            bot = try await BotAssembly.build(configuration, options: options, logger: logger)
        } catch {
            await postgres?.close()
            throw error
        }
        let (runtime, client) = (bot.runtime, bot.client)
        defer { if let postgres { Task { await postgres.close() } } }
        if stoppedDuringStartUp(logger) { return }
        let migrations = try await runtime.database.appliedMigrations()
        let admin = try adminRoutes(configuration: configuration, runtime: runtime, export: export, clock: clock)
        var background = BackgroundServices.make(configuration: configuration, runtime: runtime, signals: signals,
                                                 clock: clock, postgres: postgres?.url, logger: logger)
        if let instance, let postgres {
            background = instance.services + instance.leaderOnly(background, logger: logger)
                + [SharedQueueWakes(url: postgres.url, wakes: runtime.sharedQueueWakes, interval: .seconds(1), logger: logger)]
        }
        if dryRun {
            print(DryRunReport.describe(configuration: configuration, webhook: endpoint, runtime: runtime,
                                        schema: migrations.last, postgres: postgres?.url.description))
            return
        }
        logger.info("starting", metadata: ["env": "\(configuration.environment.rawValue)",
                                           "data_dir": "\(configuration.dataDirectory.path)",
                                           "store": "\(postgres.map { "PostgreSQL \($0.url)" } ?? "SQLite")",
                                           "mode": "\(webhook ? "webhook" : "polling")"])
        try await runtime.announce(polling: endpoint == nil)
        if stoppedDuringStartUp(logger) { return }
        if buildMissingAudio { runtime.narrations.buildIfMissingOrStale() }
        if let endpoint {
            // One HTTP server: the webhook route and, when enabled, the admin API beside it.
            let intake = endpoint.services(runtime: runtime, client: client, configuration: configuration,
                                           installers: admin.map { [$0] } ?? [], logger: logger)
            try await runtime.run(intake: intake, background: background, leadership: instance?.leadership)
        } else {
            if let admin {
                logger.info("admin HTTP API on", metadata: ["address": "\(configuration.httpHost):\(configuration.httpPort)"])
                background += HTTPServer.services(host: configuration.httpHost, port: configuration.httpPort,
                                                  logger: logger, installers: [admin])
            }
            try await runtime.run(background: background, leadership: instance?.leadership)
        }
        logger.info("stopped")
    }

    /// True (and logged) when SIGTERM or SIGINT came while starting: the step in hand finished,
    /// nothing more starts.
    private func stoppedDuringStartUp(_ logger: Logger) -> Bool {
        guard TerminationSignals.received else { return false }
        logger.info("stopped during start-up")
        return true
    }

    /// The admin API's routes when SOGRETO_ADMIN_TOKEN is set.
    private func adminRoutes(configuration: Configuration, runtime: BotRuntime, export: PrometheusExport,
                             clock: any BotClock) throws -> HTTPServer.Installer? {
        guard let token = configuration.adminToken else { return nil }
        let actions = try AdminActions(configuration: configuration, database: runtime.database, clock: clock,
                                       blobs: runtime.blobs,
                                       outboxChanged: { await runtime.outboxWake.signal() })
        return AdminRoutes.installer(actions: actions, token: token, metrics: export)
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database (SQLite in SOGRETO_DATA_DIR, or PostgreSQL at SOGRETO_DATABASE_URL), then exit.")

    func run() async throws {
        let configuration = try loadConfiguration()
        if let postgres = try configuredPostgres(configuration) {
            try await migratePostgres(postgres)
            return
        }
        let lock = try lockDataDirectory(configuration, for: .own)
        defer { withExtendedLifetime(lock) {} }
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

/// Takes the data directory's lock for `access`, or stops with the sentence naming its holder.
func lockDataDirectory(_ configuration: Configuration, for access: DataDirectoryLock.Access) throws -> DataDirectoryLock {
    do {
        return try DataDirectoryLock(configuration.dataDirectory, for: access)
    } catch {
        throw exitFailure(error.description)
    }
}

func bootstrapLogging(_ configuration: Configuration, signals: OperationalSignals? = nil) throws {
    try LineLogHandler.bootstrap(level: configuration.logLevel, directory: configuration.logDirectory,
                                 maxBytes: configuration.logMaxBytes, maxFiles: configuration.logMaxFiles,
                                 signals: signals)
}

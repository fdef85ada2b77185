public import BlobStore
public import Bot
package import BotMedia
import Foundation
public import Logging
import NIOPosix
import PostgresStore

/// The one place a running bot is built from its configuration: the Telegram client on
/// TELEGRAM_API_URL with TELEGRAM_BOT_TOKEN, the store the configuration names (PostgreSQL at
/// SOGRETO_DATABASE_URL, else SQLite in the data directory) and the runtime over them.
/// `sogreto run`, the sandbox, the benchmarks' bots and the end-to-end tests build theirs here;
/// what differs between them is in `BotOptions`.
public enum BotAssembly {
    public static func build(_ configuration: Configuration, options: BotOptions = BotOptions(),
                             logger: Logger) async throws -> AssembledBot {
        guard let token = configuration.token else {
            throw BotAssemblyError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env.")
        }
        let client = HTTPTelegramClient(baseURL: configuration.apiURL, token: token.value, timeouts: options.timeouts,
                                        logger: logger)
        let owned = options.store == nil ? try await openConfiguredPostgres(configuration, logger: logger) : nil
        let store = options.store ?? owned
        do {
            // Loading content, migrating SQLite and preparing folders block: off the cooperative
            // pool, whose few threads the emulator, the web chat or the tests need meanwhile.
            let runtime = try await NIOThreadPool.singleton.runIfActive {
                try BotRuntime.prepare(configuration: configuration, client: client, clock: options.clock,
                                       limits: options.limits, pollTimeout: options.pollTimeout, metrics: options.metrics,
                                       media: BotMediaKit(threads: options.mediaThreads, photoAdvisor: options.photoAdvisor),
                                       blobs: options.blobs, store: store, logger: logger)
            }
            return AssembledBot(runtime: runtime, client: client, ownedPostgres: owned)
        } catch {
            await owned?.close()
            throw error
        }
    }

    /// The PostgreSQL store when SOGRETO_DATABASE_URL is set: connected, migrated, and re-planning
    /// reminders in each update's transaction as the SQLite store does.
    static func openConfiguredPostgres(_ configuration: Configuration, logger: Logger) async throws -> PostgresAppDatabase? {
        guard let secret = configuration.databaseServerURL else { return nil }
        return try await PostgresAppDatabase.open(try DatabaseURL(parsing: secret.value),
                                                  reminderPlanner: try BotRuntime.reminderPlanner(for: configuration),
                                                  logger: logger)
    }
}

/// What a production run, the sandbox, a benchmark and a test choose differently; the defaults
/// are production's.
public struct BotOptions: Sendable {
    public var clock: any BotClock = SystemClock()
    package var limits = DeliveryLimits()
    /// Long-poll seconds.
    package var pollTimeout = 25
    public var metrics = BotMetrics()
    package var mediaThreads = 2
    package var photoAdvisor: (any PhotoAdvisor)?
    /// Media somewhere else than the configuration says (a test's bucket); nil: `MediaStorage`'s.
    public var blobs: (any BlobStore)?
    package var timeouts = TelegramTimeouts()
    /// A store opened outside (an instance's on a shared PostgreSQL, the sandbox's schema); nil:
    /// the configuration's, opened here.
    public var store: (any Store)?

    public init() {}
}

/// A bot built by `BotAssembly`: its runtime, the client it talks to Telegram with, and the
/// PostgreSQL store it opened itself (closed by `close()`).
public struct AssembledBot: Sendable {
    public let runtime: BotRuntime
    public let client: HTTPTelegramClient
    let ownedPostgres: PostgresAppDatabase?

    /// Closes what the assembly opened; a store given in the options stays open.
    public func close() async {
        await ownedPostgres?.close()
    }
}

/// Why a bot could not be built, in one sentence.
struct BotAssemblyError: Error, CustomStringConvertible, Sendable {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

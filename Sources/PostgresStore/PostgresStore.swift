import Bot
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The bot's store on PostgreSQL: a connection pool over a migrated schema. Opening checks the
/// server and the login first, so a wrong URL or a server that is down stops start-up with one
/// sentence (`PostgresStoreError`), never the password.
public final class PostgresAppDatabase: Store {
    public let url: DatabaseURL
    /// Re-plans a user's reminders in the transaction that changes their state; nil leaves jobs alone.
    let reminderPlanner: ReminderPlanner?
    /// Set on the delivery leader's store: its claims carry the term and are refused once it is over.
    let fence: DeliveryFence?
    let client: PostgresClient
    let logger: Logger
    private let pool: Task<Void, Never>
    /// When intake last pruned `processed_updates` by age: once a minute is enough, and a prune
    /// per update was one more statement on the busiest path.
    let lastPrune = NIOLockedValueBox<Date?>(nil)

    /// The environment variable that selects PostgreSQL; absent, the bot keeps SQLite.
    public static let environmentVariable = "SOGRETO_DATABASE_URL"

    /// The URL from the environment: nil when the variable is absent or empty (SQLite), a sentence
    /// when it is malformed.
    public static func configuredURL(_ environment: [String: String]) throws -> DatabaseURL? {
        guard let text = environment[environmentVariable], !text.isEmpty else { return nil }
        return try DatabaseURL(parsing: text)
    }

    /// Connects, migrates (once across instances starting together) and starts the pool.
    public static func open(_ url: DatabaseURL, reminderPlanner: ReminderPlanner? = nil, logger: Logger,
                            maximumConnections: Int = 10, fence: DeliveryFence? = nil) async throws -> PostgresAppDatabase {
        let connection = try await url.connect(logger: logger)
        do {
            try await PostgresMigrator.migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw error as? PostgresStoreError ?? PostgresStoreError(query: error)
        }
        try? await connection.close()
        // The pool reports each connection it was still opening when closed at info level; the
        // store's own errors already say when the database cannot be reached.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .notice)
        let client = PostgresClient(configuration: url.clientConfiguration(maximumConnections: maximumConnections),
                                    backgroundLogger: poolLogger)
        return PostgresAppDatabase(url: url, reminderPlanner: reminderPlanner, fence: fence, client: client, logger: logger)
    }

    /// A store in `url.schema` emptied first (dropped with everything in it, then made again):
    /// the sandbox's, whose users live only in its emulator. Tables outside the schema are untouched.
    public static func openEmptied(_ url: DatabaseURL, reminderPlanner: ReminderPlanner? = nil,
                                   logger: Logger) async throws -> PostgresAppDatabase {
        guard let schema = url.schema else {
            throw PostgresStoreError(code: .query(why: "only a store in a schema of its own is emptied"))
        }
        var outside = url
        outside.schema = nil
        let connection = try await outside.connect(logger: logger)
        do {
            let name = "\"" + schema.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            try await connection.run("DROP SCHEMA IF EXISTS \(name) CASCADE", logger: logger)
            try await connection.run("CREATE SCHEMA \(name)", logger: logger)
        } catch {
            try? await connection.close()
            throw error as? PostgresStoreError ?? PostgresStoreError(query: error)
        }
        try? await connection.close()
        return try await open(url, reminderPlanner: reminderPlanner, logger: logger)
    }

    private init(url: DatabaseURL, reminderPlanner: ReminderPlanner?, fence: DeliveryFence?, client: PostgresClient,
                 logger: Logger) {
        self.url = url
        self.reminderPlanner = reminderPlanner
        self.fence = fence
        self.client = client
        self.logger = logger
        pool = Task { await client.run() }
    }

    /// Stops the pool; operations after it fail.
    public func close() async {
        pool.cancel()
        await pool.value
    }

    /// The migrations the schema has, in order (`sogreto migrate` reports them).
    public func appliedMigrations() async throws -> [String] {
        try await client.withConnection { connection in
            try await PostgresMigrator.appliedNames(connection, logger: self.logger)
        }
    }
}

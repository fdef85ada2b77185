import Bot
import Foundation
import Logging
import PostgresStore
import ThrowawayPostgres
import ServiceLifecycle

/// The bot on PostgreSQL (SOGRETO_DATABASE_URL) as `sogreto run` runs it there: its store, an
/// elected delivery leader whose claims carry its term, and the shared-queue wake-ups.
struct BenchLeader {
    let store: PostgresAppDatabase
    let leadership: PostgresDeliveryLeadership
    let url: DatabaseURL
    let logger: Logger

    static func open(_ configuration: Configuration) async throws -> BenchLeader? {
        guard let secret = configuration.databaseServerURL else { return nil }
        var logger = Logger(label: "reminder-bench-store")
        logger.logLevel = .warning
        let url = try DatabaseURL(parsing: secret.value)
        let planner = try BotRuntime.reminderPlanner(for: configuration)
        let store = try await PostgresAppDatabase.open(url, reminderPlanner: planner, logger: logger)
        let elector = LeaderElector(url: url, instance: "reminder-bench", logger: logger)
        let leadership = try await PostgresDeliveryLeadership.open(url, elector: elector, reminderPlanner: planner,
                                                                   logger: logger)
        return BenchLeader(store: store, leadership: leadership, url: url, logger: logger)
    }

    /// The election and the wake-ups; `ready` runs once this instance leads (it then delivers).
    func services(_ runtime: BotRuntime, ready: @escaping @Sendable () -> Void = {}) -> [any Service] {
        [leadership.election, ReadyWhenLeading(elector: leadership.elector, ready: ready),
         SharedQueueWakes(url: url, wakes: runtime.sharedQueueWakes, interval: .seconds(1), logger: logger)]
    }
}

/// Calls `ready` once the election is won, then waits for shutdown.
private struct ReadyWhenLeading: Service {
    let elector: LeaderElector
    let ready: @Sendable () -> Void

    func run() async throws {
        let elector = elector
        guard await cancelWhenGracefulShutdown({ await elector.waitForLeadership() }) != nil else { return }
        ready()
        try? await gracefulShutdown()
    }
}

/// A throwaway PostgreSQL cluster (temporary folder, Unix socket) with one migrated database.
struct BenchPostgres {
    let url: String
    private let cluster: ThrowawayPostgresCluster

    static func start() async throws -> BenchPostgres {
        if let reason = ThrowawayPostgresCluster.unavailableReason { throw BenchError(description: reason) }
        let cluster = try await ThrowawayPostgresCluster.startPrivate()
        let database = try await cluster.newDatabase()
        return BenchPostgres(url: database.url, cluster: cluster)
    }

    /// The benchmark's own connection to the store (seeding, progress).
    func open() async throws -> PostgresAppDatabase {
        var logger = Logger(label: "reminder-bench")
        logger.logLevel = .warning
        return try await PostgresAppDatabase.open(try DatabaseURL(parsing: url), logger: logger, maximumConnections: 2)
    }

    func stop() { cluster.stop() }
}

import Foundation
import Logging
import PostgresStore
import PostgresTestSupport
import Testing
@testable import Bot

/// One store implementation the contract suite runs against.
///
/// To add an engine: add its module to the `StoreContractTests` target's dependencies in
/// Package.swift and one `StoreFactory` to `StoreFactories.all` whose `open` starts (or reuses) a
/// throwaway server and returns a fresh, empty, migrated store, or returns nil after printing why
/// when the engine's binaries are absent (the tests then pass without running). Every test in
/// `StoreContractTests` then runs against it too; nothing else changes.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let open: @Sendable (ReminderPlanner?) async throws -> (any Store)?

    /// A fresh, empty, migrated store; with a planner, it re-plans reminders as the bot's does.
    func make(reminderPlanner: ReminderPlanner? = nil) async throws -> (any Store)? {
        try await open(reminderPlanner)
    }

    var testDescription: String { name }
}

enum StoreFactories {
    static let all: [StoreFactory] = [
        StoreFactory(name: "SQLite in memory") { try AppDatabase.inMemory(reminderPlanner: $0) },
        StoreFactory(name: "SQLite file (WAL pool)") { planner in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-contract-\(UUID().uuidString)")
            return try AppDatabase.open(at: folder.appendingPathComponent("sogreto.sqlite"), reminderPlanner: planner)
        },
        postgres,
    ]

    /// A fresh database on the test process's throwaway cluster; skipped with the reason printed
    /// when PostgreSQL's server binaries are absent (scripts/install-deps installs them).
    static let postgres = StoreFactory(name: "PostgreSQL") { planner in
        if let reason = PostgresTestCluster.unavailableReason {
            print("PostgreSQL contract runs skipped: \(reason)")
            return nil
        }
        let database = try await PostgresTestCluster.shared().newDatabase()
        return try await PostgresAppDatabase.open(try DatabaseURL(parsing: database.url), reminderPlanner: planner,
                                                  logger: Logger(label: "store-contract"), maximumConnections: 4)
    }
}

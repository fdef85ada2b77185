import Foundation
import Logging
import PostgresStore
import PostgresTestSupport
import Testing
@testable import Bot

/// One store implementation the contract suite runs against.
///
/// To add an engine (PostgreSQL): add its module to the `StoreContractTests` target's dependencies
/// in Package.swift and one `StoreFactory` to `StoreFactories.all` whose `make` starts (or reuses)
/// a throwaway server and returns a fresh, empty, migrated store, or returns nil after printing why
/// when the engine's binaries are absent (the tests then pass without running). Every test in
/// `StoreContractTests` then runs against it too; nothing else changes.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> (any Store)?

    var testDescription: String { name }
}

enum StoreFactories {
    static let all: [StoreFactory] = [
        StoreFactory(name: "SQLite in memory") { try AppDatabase.inMemory() },
        StoreFactory(name: "SQLite file (WAL pool)") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-contract-\(UUID().uuidString)")
            return try AppDatabase.open(at: folder.appendingPathComponent("sogreto.sqlite"))
        },
    ] + postgres

    /// A fresh database on the test process's throwaway cluster. Only with
    /// SOGRETO_POSTGRES_CONTRACT=1 while the PostgreSQL store lacks the media operations, the
    /// funnel and the delivery audit (those contract tests fail on it; see README).
    static let postgres: [StoreFactory] = ProcessInfo.processInfo.environment["SOGRETO_POSTGRES_CONTRACT"] != "1" ? [] : [
        StoreFactory(name: "PostgreSQL") {
            if let reason = PostgresTestCluster.unavailableReason {
                print("PostgreSQL contract runs skipped: \(reason)")
                return nil
            }
            let database = try await PostgresTestCluster.shared().makeDatabase()
            return try await PostgresAppDatabase.open(try DatabaseURL(parsing: database.url),
                                                      logger: Logger(label: "store-contract"))
        },
    ]
}

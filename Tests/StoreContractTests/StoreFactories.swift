import Foundation
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
    ]
}

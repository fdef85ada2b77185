import Foundation
import Logging
import PostgresStore
import PostgresTestSupport

/// Where the crash drill's bots keep their store: SQLite in the data folder, or one database of a
/// throwaway PostgreSQL cluster (temporary folder, Unix socket) shared by every instance.
struct DrillStore: Sendable {
    /// `SOGRETO_DATABASE_URL` for the bots; nil on SQLite.
    let url: String?
    private let cluster: PostgresTestCluster?

    static func make(postgres: Bool) async throws -> DrillStore {
        guard postgres else { return DrillStore(url: nil, cluster: nil) }
        if let reason = PostgresTestCluster.unavailableReason { throw DrillStoreError(description: reason) }
        let cluster = try await PostgresTestCluster.shared()
        let database = try await cluster.newDatabase()
        // Migrated once before the instances start together (they would agree, but one start is quicker).
        let url = try DatabaseURL(parsing: database.url)
        await (try await PostgresAppDatabase.open(url, logger: Logger(label: "crash-drill"), maximumConnections: 1)).close()
        return DrillStore(url: database.url, cluster: cluster)
    }

    /// The store for the drill's audit; nil on SQLite (the audit opens the file).
    func open() async throws -> PostgresAppDatabase? {
        guard let url else { return nil }
        return try await PostgresAppDatabase.open(try DatabaseURL(parsing: url), logger: Logger(label: "crash-drill"),
                                                  maximumConnections: 2)
    }

    func stop() { cluster?.stop() }

    struct DrillStoreError: Error, CustomStringConvertible {
        let description: String
    }
}

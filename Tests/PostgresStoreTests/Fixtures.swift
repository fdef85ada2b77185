import Foundation
import Logging
import PostgresNIO
import PostgresStore
import PostgresTestSupport

/// A fresh database on the process's throwaway cluster, and connections to it.
enum Fixtures {
    static let logger = Logger(label: "postgres-store-tests")

    static func database() async throws -> PostgresTestDatabase {
        try await PostgresTestCluster.shared().newDatabase()
    }

    static func url(_ database: PostgresTestDatabase) throws -> DatabaseURL {
        try DatabaseURL(parsing: database.url)
    }

    /// A plain superuser connection for looking at (and breaking) things behind the store's back.
    static func connect(_ database: PostgresTestDatabase) async throws -> PostgresConnection {
        try await database.superuserConnection(logger: logger)
    }

    /// The first column of the first row, decoded.
    static func scalar<Value: PostgresDecodable>(_ query: PostgresQuery, on connection: PostgresConnection,
                                                 as type: Value.Type) async throws -> Value? {
        try await connection.scalar(query, as: type, logger: logger)
    }
}

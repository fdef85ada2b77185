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
        let cluster = database.cluster
        var configuration = PostgresConnection.Configuration(
            unixSocketPath: "\(cluster.socketDirectory)/.s.PGSQL.\(cluster.port)",
            username: cluster.superuser, password: nil, database: database.name)
        configuration.options.connectTimeout = .seconds(5)
        return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
    }

    /// The first column of the first row, decoded.
    static func scalar<Value: PostgresDecodable>(_ query: PostgresQuery, on connection: PostgresConnection,
                                                 as type: Value.Type) async throws -> Value? {
        try await connection.query(query, logger: logger).collect().first?.decode(Value.self)
    }

    /// Waits until `condition` holds, checking every 20 ms, at most `limit`.
    static func eventually(within limit: Duration = .seconds(10),
                           _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

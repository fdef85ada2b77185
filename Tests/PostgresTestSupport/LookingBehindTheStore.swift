import Logging
import NIOConcurrencyHelpers
import PostgresNIO

extension PostgresTestDatabase {
    /// A plain superuser connection, for looking at (and breaking) things behind the store's back.
    public func superuserConnection(logger: Logger) async throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            unixSocketPath: "\(cluster.socketDirectory)/.s.PGSQL.\(cluster.port)",
            username: cluster.superuser, password: nil, database: name)
        configuration.options.connectTimeout = .seconds(5)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        openedConnections.withLockedValue { $0.append(connection) }
        return connection
    }
}

/// Every connection handed to a test, kept for the life of the process. A failed `#require` leaves
/// its test before `close()`, and PostgresNIO asserts that a connection is closed before it is
/// freed: one failing test would otherwise crash the whole test process.
private let openedConnections = NIOLockedValueBox<[PostgresConnection]>([])

extension PostgresConnection {
    /// The first column of the first row, decoded; nil when there is no row.
    public func scalar<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type,
                                                 logger: Logger) async throws -> Value? {
        try await self.query(query, logger: logger).collect().first?.decode(Value.self)
    }
}

import Foundation
import Logging
import PostgresNIO

extension DatabaseURL {
    /// Settings for one dedicated connection (the leader's lock, the wake-up listener, checks).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = PostgresConnection.Configuration(host: host, port: port, username: username,
                                                             password: password, database: database,
                                                             tls: try connectionTLS())
        case .unixSocket(let path):
            configuration = PostgresConnection.Configuration(unixSocketPath: path, username: username,
                                                             password: password, database: database)
        }
        configuration.options.connectTimeout = .seconds(5)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    /// Settings for the pool the store's operations use.
    func clientConfiguration(maximumConnections: Int) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = PostgresClient.Configuration(host: host, port: port, username: username,
                                                         password: password, database: database, tls: clientTLS)
        case .unixSocket(let path):
            configuration = PostgresClient.Configuration(unixSocketPath: path, username: username,
                                                         password: password, database: database)
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = maximumConnections
        // A fixed-size pool without keep-alive pings: the pool arms an idle and a keep-alive timer
        // each time a connection is returned, and every cancelled timer's sleep stays allocated
        // until its deadline (30–60 s), so at hundreds of queries a second the heap grew by tens of MB.
        configuration.options.minimumConnections = maximumConnections
        configuration.options.keepAliveBehavior = nil
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    private func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    /// Opens one connection, turning failures into a sentence (`PostgresStoreError`).
    func connect(logger: Logger) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: try connectionConfiguration(),
                                                        id: Int.random(in: 0 ... .max), logger: logger)
        } catch {
            throw PostgresStoreError(connecting: error, to: self)
        }
    }
}

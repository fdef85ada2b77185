import Foundation

/// `SOGRETO_DATABASE_URL`, parsed: `postgres://user:pass@host:port/db`, or a Unix socket as
/// `postgres://user@/db?host=/run/postgresql` or a percent-encoded folder as the host
/// (`postgres://user@%2Frun%2Fpostgresql/db`), as libpq reads them. `sslmode` is disable, prefer
/// (TCP's default) or require. The password is never part of `description`.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file (`<folder>/.s.PGSQL.<port>`, as PostgreSQL names it).
        case unixSocket(path: String)
    }

    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The schema the store's tables live in (the connections' `search_path`); nil: the server's
    /// default (`public`). Not part of the URL: the sandbox sets it to keep a schema of its own.
    public var schema: String?

    public init(endpoint: Endpoint, username: String, password: String?, database: String, tls: TLSMode) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Where and as whom, for messages and logs: never the password.
    public var description: String {
        let within = schema.map { ", schema \($0)" } ?? ""
        switch endpoint {
        case .tcp(let host, let port): return "database \(database)\(within) as \(username) at \(host):\(port)"
        case .unixSocket(let path): return "database \(database)\(within) as \(username) on socket \(path)"
        }
    }

    /// The same server and login with the store's tables in `schema`.
    public func inSchema(_ schema: String) -> DatabaseURL {
        var url = self
        url.schema = schema
        return url
    }

    /// Parses the URL; a bad one throws a sentence that names the variable and never echoes the URL
    /// (it may hold the password).
    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)) else {
            throw PostgresStoreError.badURL("it is not a URL")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw PostgresStoreError.badURL("it must start with postgres://")
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw PostgresStoreError.badURL("it names no user (postgres://USER@…)")
        }
        let name = String(components.percentEncodedPath.drop(while: { $0 == "/" }))
        guard let database = name.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError.badURL("it names no database (…/DATABASE at the end)")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
                               uniquingKeysWith: { _, last in last })
        let knownParameters: Set<String> = ["host", "port", "sslmode"]
        if let unknown = query.keys.sorted().first(where: { !knownParameters.contains($0) }) {
            throw PostgresStoreError.badURL("its parameter \(unknown) is not one of host, port, sslmode")
        }
        let port = try Self.port(components, query)
        let host = query["host"].flatMap { $0.isEmpty ? nil : $0 }
            ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        let endpoint: Endpoint
        switch host {
        case .some(let folder) where folder.hasPrefix("/"):
            endpoint = .unixSocket(path: folder + (folder.hasSuffix("/") ? "" : "/") + ".s.PGSQL.\(port)")
        case .some(let hostname):
            endpoint = .tcp(host: hostname, port: port)
        case .none:
            throw PostgresStoreError.badURL("it names no host (…@HOST:PORT/… or ?host=/socket/folder)")
        }
        let defaultTLS: TLSMode
        if case .unixSocket = endpoint { defaultTLS = .disable } else { defaultTLS = .prefer }
        let tls: TLSMode
        if let mode = query["sslmode"] {
            guard let known = TLSMode(rawValue: mode) else {
                throw PostgresStoreError.badURL("its sslmode must be disable, prefer or require")
            }
            tls = known
        } else {
            tls = defaultTLS
        }
        self.init(endpoint: endpoint, username: user,
                  password: components.password?.removingPercentEncoding, database: database, tls: tls)
    }

    private static func port(_ components: URLComponents, _ query: [String: String]) throws -> Int {
        if let text = query["port"] {
            guard let port = Int(text), (1...65535).contains(port) else {
                throw PostgresStoreError.badURL("its port is not a number from 1 to 65535")
            }
            return port
        }
        guard let port = components.port else { return 5432 }
        guard (1...65535).contains(port) else {
            throw PostgresStoreError.badURL("its port is not a number from 1 to 65535")
        }
        return port
    }
}

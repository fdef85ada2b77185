import Bot
import Foundation
import NIOCore
import PostgresNIO

extension PostgresStoreError {
    /// A failed connection attempt as a sentence: the server's SQLSTATE says refused login or
    /// missing database; anything else is "unreachable" with the socket's own reason.
    init(connecting error: any Error, to url: DatabaseURL) {
        let place = url.description
        guard let psql = error as? PSQLError else {
            self.init(code: .unreachable(where: place, why: Self.reason(of: error)))
            return
        }
        switch psql.serverInfo?[.sqlState] {
        case "28P01", "28000": self.init(code: .loginRefused(where: place))
        case "3D000": self.init(code: .noDatabase(where: place))
        default:
            if psql.code == .authMechanismRequiresPassword || psql.code == .saslError {
                self.init(code: .loginRefused(where: place))
            } else {
                self.init(code: .unreachable(where: place, why: Self.reason(of: error)))
            }
        }
    }

    /// A failed query as a sentence with its SQLSTATE only: the server's message may quote values.
    init(query error: any Error) {
        self.init(code: .query(why: Self.reason(of: error)))
    }

    /// Why, without values: an SQLSTATE, a socket error, or the driver's error code.
    static func reason(of error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let state = psql.serverInfo?[.sqlState] { return "SQLSTATE \(state)" }
            if let underlying = psql.underlying { return reason(of: underlying) }
            return "\(psql.code)"
        }
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)).lowercased()
        }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first { return reason(of: first.error) }
            if connection.dnsAError != nil || connection.dnsAAAAError != nil { return "its host name did not resolve" }
            return "the connection failed"
        }
        if error is ChannelError {
            return "the connection failed"
        }
        return ErrorSummary.of(error)
    }
}

extension PostgresStoreError: SafelyDescribedError {
    public var safeDescription: String { description }
}

extension PSQLError: SafelyDescribedError {
    public var safeDescription: String { "PostgreSQL: \(PostgresStoreError.reason(of: self))" }
}

import Foundation
import Logging
import PostgresNIO

/// One connection inside one transaction, with the few shapes of query the store runs.
struct SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement (`RETURNING` rows and `rows(_:)` say what it changed).
    func execute(_ query: PostgresQuery) async throws {
        let rows = try await connection.query(query, logger: logger)
        for try await _ in rows {}
    }

    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    func scalar<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type) async throws -> Value? {
        guard let row = try await connection.query(query, logger: logger).collect().first else { return nil }
        let cell = row.makeRandomAccess()[0]
        guard cell.bytes != nil else { return nil }
        return try cell.decode(Value.self)
    }

    /// Runs `body` inside a savepoint: rolled back to it when `body` throws (and the error rethrown).
    func inSavepoint<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await execute("SAVEPOINT item")
        do {
            let result = try await body()
            try await execute("RELEASE SAVEPOINT item")
            return result
        } catch {
            try await execute("ROLLBACK TO SAVEPOINT item")
            try await execute("RELEASE SAVEPOINT item")
            throw error
        }
    }
}

extension PostgresRandomAccessRow {
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }

    func date(_ column: String) throws -> Date {
        try self[column].decode(MillisecondDate.self).date
    }

    func optionalDate(_ column: String) throws -> Date? {
        try self[column].decode(MillisecondDate?.self)?.date
    }

    func int(_ column: String) throws -> Int {
        Int(try self[column].decode(Int64.self))
    }
}

extension PostgresAppDatabase {
    /// A transaction on a pooled connection: committed when `body` returns, rolled back when it throws.
    func write<Result: Sendable>(_ body: @escaping @Sendable (SQLSession) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await connection.inTransaction(logger: self.logger) { connection in
                let session = SQLSession(connection: connection, logger: self.logger)
                if let fence = self.fence { try await fence.mark(session) }
                return try await body(session)
            }
        }
    }

    /// One writing statement outside an explicit transaction (a statement is a transaction of its
    /// own), so without BEGIN, COMMIT or the leader's term: for outcomes the fence accepts from
    /// anyone. A round trip instead of five on the delivery leader's busiest write.
    func statement<Result: Sendable>(_ body: @escaping @Sendable (SQLSession) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await body(SQLSession(connection: connection, logger: self.logger))
        }
    }

    /// Reads outside an explicit transaction (each statement sees committed data).
    func read<Result: Sendable>(_ body: @escaping @Sendable (SQLSession) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await body(SQLSession(connection: connection, logger: self.logger))
        }
    }
}

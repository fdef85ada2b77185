import PostgresNIO

/// A statement on the busiest path, prepared once per connection and then only bound: planning
/// the intake's reads anew for every update took a third of the server's time. Written as an
/// ordinary interpolated query; each conformer keeps its text once (`static let sql`, built from
/// the query with any values), since the driver asks for it on every execution.
protocol PreparedQuery: PostgresPreparedStatement where Row == PostgresRow {
    var query: PostgresQuery { get }
}

extension PreparedQuery {
    func makeBindings() throws -> PostgresBindings { query.binds }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension SQLSession {
    func rows<Statement: PreparedQuery>(_ statement: Statement) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.execute(statement, logger: logger) {
            rows.append(row.makeRandomAccess())
        }
        return rows
    }

    func execute<Statement: PreparedQuery>(_ statement: Statement) async throws {
        for try await _ in try await connection.execute(statement, logger: logger) {}
    }
}

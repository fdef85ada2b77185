import PostgresNIO

/// A statement on the busiest path, prepared once per connection and then only bound: planning
/// the intake's reads anew for every update took a third of the server's time. Written as an
/// ordinary interpolated query; `sample` (any values) gives the text it is prepared from.
protocol PreparedQuery: PostgresPreparedStatement where Row == PostgresRow {
    var query: PostgresQuery { get }
    static var sample: Self { get }
}

extension PreparedQuery {
    static var sql: String { sample.query.sql }
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
}

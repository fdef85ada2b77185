import Bot
import Foundation
import GRDB
import Logging
import PostgresNIO

/// Copies a SQLite store into an empty PostgreSQL database (`sogreto store migrate`): every table
/// the SQLite schema has, in batches, then row counts and per-table checksums compared on both
/// sides, all in one PostgreSQL transaction: any difference or failure rolls the whole copy back.
/// The SQLite file is opened read-only.
public struct SQLiteToPostgres: Sendable {
    public struct Table: Sendable, Equatable {
        public let name: String
        public let rows: Int
        public let checksum: String
    }

    /// Rows per INSERT (PostgreSQL takes at most 65,535 parameters in one statement).
    let batchRows: Int
    let logger: Logger

    public init(batchRows: Int = 500, logger: Logger) {
        self.batchRows = batchRows
        self.logger = logger
    }

    /// Tables only PostgreSQL has (its own migrations and the leaders' terms) are not copied.
    static let postgresOnlyTables: Set<String> = ["schema_migrations", "leader_terms"]

    /// Copies and verifies; returns each table's count and checksum. `progress` hears one line per batch.
    public func copy(sqliteFile: URL, to url: DatabaseURL,
                     progress: @Sendable (String) -> Void = { _ in }) async throws -> [Table] {
        let source = try openSource(sqliteFile)
        let connection = try await url.connect(logger: logger)
        do {
            try await PostgresMigrator.migrate(connection, logger: logger)
            let tables = try await plan(source: source, target: connection)
            let copied = try await connection.inTransaction(logger: logger) { connection in
                try await connection.run("SET LOCAL TimeZone = 'UTC'", logger: logger)
                try await refuseUnlessEmpty(tables, on: connection)
                for table in tables {
                    try await copyRows(of: table, from: source, to: connection, progress: progress)
                }
                return try await verify(tables, source: source, target: connection)
            }
            try? await connection.close()
            return copied
        } catch {
            try? await connection.close()
            throw error
        }
    }

    struct PlannedTable: Sendable {
        let name: String
        let columns: [StoredColumn]
        var quoted: String { "\"" + name + "\"" }
    }

    private func openSource(_ file: URL) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw StoreMigrationError("There is no SQLite store at \(file.path): point --from at the bot's data directory.")
        }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: file.path, configuration: configuration)
        } catch {
            throw StoreMigrationError("The SQLite store \(file.path) cannot be opened: \(SQLiteFile.sentence(for: error) ?? ErrorSummary.of(error)).")
        }
        let applied = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
        let known = try AppDatabase.inMemory().appliedMigrations()
        guard applied == known else {
            throw StoreMigrationError("The SQLite store has \(applied.count) of this build's \(known.count) schema migrations: run `sogreto migrate` with this build first (and unset SOGRETO_DATABASE_URL for it).")
        }
        return queue
    }

    /// The tables to copy, users first (other tables refer to them), each with the columns both sides have.
    private func plan(source: DatabaseQueue, target: PostgresConnection) async throws -> [PlannedTable] {
        let sourceTables = try await source.read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                """)
        }
        var targetTables: Set<String> = []
        for try await name in try await target.query("""
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            """, logger: logger).decode(String.self) {
            targetTables.insert(name)
        }
        var planned: [PlannedTable] = []
        for name in sourceTables.sorted(by: { ($0 == "users" ? 0 : 1, $0) < ($1 == "users" ? 0 : 1, $1) }) {
            guard targetTables.contains(name), !Self.postgresOnlyTables.contains(name) else {
                throw StoreMigrationError("The PostgreSQL schema has no table \(name): this build cannot copy that store.")
            }
            var targetColumns: [String: StoredColumn] = [:]
            for try await (column, type, identity) in try await target.query("""
                SELECT column_name::text, data_type::text, is_identity::text FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(name)
                """, logger: logger).decode((String, String, String).self) {
                guard let kind = StoredColumn.Kind(postgresType: type) else {
                    throw StoreMigrationError("The column \(name).\(column) has the type \(type), which the copy does not know.")
                }
                targetColumns[column] = StoredColumn(name: column, kind: kind, isIdentity: identity == "YES")
            }
            let sourceColumns = try await source.read { db in try db.columns(in: name).map(\.name) }
            var columns: [StoredColumn] = []
            for column in sourceColumns {
                guard let match = targetColumns[column] else {
                    throw StoreMigrationError("The PostgreSQL table \(name) has no column \(column): this build cannot copy that store.")
                }
                columns.append(match)
            }
            planned.append(PlannedTable(name: name, columns: columns))
        }
        return planned
    }

    private func refuseUnlessEmpty(_ tables: [PlannedTable], on connection: PostgresConnection) async throws {
        var filled: [String] = []
        for table in tables {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table.quoted)"),
                                                  logger: logger).collect().first?.decode(Int64.self) ?? 0
            if rows > 0 { filled.append("\(table.name): \(rows)") }
        }
        guard filled.isEmpty else {
            throw StoreMigrationError("The PostgreSQL database already holds rows (\(filled.joined(separator: ", "))): the copy goes only into an empty database, and nothing was changed.")
        }
    }

    private func copyRows(of table: PlannedTable, from source: DatabaseQueue, to connection: PostgresConnection,
                          progress: @Sendable (String) -> Void) async throws {
        let total = try await source.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quoted)") ?? 0 }
        let names = table.columns.map(\.quoted).joined(separator: ", ")
        var copied = 0
        var lastRowID: Int64 = .min
        while true {
            let (rows, last) = try await source.read { [batchRows, lastRowID] db -> ([[DatabaseValue]], Int64?) in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT rowid AS sogreto_rowid, \(names) FROM \(table.quoted) WHERE rowid > ? ORDER BY rowid LIMIT ?
                    """, arguments: [lastRowID, batchRows])
                return (rows.map { row in Array(row.databaseValues.dropFirst()) }, rows.last?["sogreto_rowid"])
            }
            guard let last, !rows.isEmpty else { break }
            try await insert(rows, into: table, on: connection)
            lastRowID = last
            copied += rows.count
            progress("\(table.name): \(copied) of \(total) rows")
        }
        if copied == 0 { progress("\(table.name): empty") }
        for column in table.columns where column.isIdentity {
            try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(table.quoted)', '\(column.name)'),
                              COALESCE((SELECT MAX(\(column.quoted)) FROM \(table.quoted)), 0) + 1, false)
                """), logger: logger)
        }
    }

    private func insert(_ rows: [[DatabaseValue]], into table: PlannedTable, on connection: PostgresConnection) async throws {
        var bindings = PostgresBindings(capacity: rows.count * table.columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for row in rows {
            var placeholders: [String] = []
            for (value, column) in zip(row, table.columns) {
                if let text = try Self.text(value, table: table.name, column: column.name) {
                    bindings.append(text)
                } else {
                    bindings.appendNull()
                }
                placeholders.append("$\(bindings.count)::\(column.kind.cast)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let sql = "INSERT INTO \(table.quoted) (\(table.columns.map(\.quoted).joined(separator: ", "))) VALUES "
            + tuples.joined(separator: ", ")
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
    }

    /// A SQLite value as the text PostgreSQL casts to the column's type.
    static func text(_ value: DatabaseValue, table: String, column: String) throws -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number): return "\(number)"
        case .string(let text): return text
        case .blob:
            throw StoreMigrationError("\(table).\(column) holds binary data, which the copy does not carry.")
        }
    }

    /// Counts and checksums on both sides, inside the copy's transaction; any difference aborts it.
    private func verify(_ tables: [PlannedTable], source: DatabaseQueue,
                        target: PostgresConnection) async throws -> [Table] {
        var result: [Table] = []
        for table in tables {
            let expected = try await sourceChecksum(table, source)
            let actual = try await targetChecksum(table, target)
            guard expected.count == actual.count else {
                throw StoreMigrationError("\(table.name): SQLite has \(expected.count) rows, PostgreSQL \(actual.count) after the copy; nothing was kept.")
            }
            guard expected.hex == actual.hex else {
                throw StoreMigrationError("\(table.name): the rows differ after the copy (checksum \(expected.hex) on SQLite, \(actual.hex) on PostgreSQL); nothing was kept.")
            }
            result.append(Table(name: table.name, rows: expected.count, checksum: expected.hex))
        }
        return result
    }

    private func sourceChecksum(_ table: PlannedTable, _ source: DatabaseQueue) async throws -> TableChecksum {
        try await source.read { db in
            var checksum = TableChecksum()
            let names = table.columns.map(\.quoted).joined(separator: ", ")
            let rows = try Row.fetchCursor(db, sql: "SELECT \(names) FROM \(table.quoted)")
            while let row = try rows.next() {
                var values: [CanonicalValue] = []
                for (value, column) in zip(row.databaseValues, table.columns) {
                    values.append(try Self.canonical(value, column: column, table: table.name))
                }
                checksum.add(values)
            }
            return checksum
        }
    }

    static func canonical(_ value: DatabaseValue, column: StoredColumn, table: String) throws -> CanonicalValue {
        let unreadable = StoreMigrationError("\(table).\(column.name) holds a value its PostgreSQL type cannot take; nothing was copied.")
        switch (value.storage, column.kind) {
        case (.null, _): return .null
        case (.blob, _): throw StoreMigrationError("\(table).\(column.name) holds binary data, which the copy does not carry.")
        case (.string(let text), .instant):
            guard let millis = SQLiteInstant.milliseconds(text) else { throw unreadable }
            return .integer(millis)
        case (.int64(let number), .integer), (.int64(let number), .boolean): return .integer(number)
        case (.string(let text), .integer), (.string(let text), .boolean):
            guard let number = Int64(text) else { throw unreadable }
            return .integer(number)
        case (.int64(let number), .double): return .double(Double(number))
        case (.double(let number), .double): return .double(number)
        case (.string(let text), .double):
            guard let number = Double(text) else { throw unreadable }
            return .double(number)
        case (.int64(let number), .text): return .text(String(number))
        case (.double(let number), .text): return .text("\(number)")
        case (.string(let text), .text): return .text(text)
        case (.int64, .instant), (.double, .instant), (.double, .integer), (.double, .boolean): throw unreadable
        }
    }

    private func targetChecksum(_ table: PlannedTable, _ connection: PostgresConnection) async throws -> TableChecksum {
        let select = table.columns.map(\.canonicalSelect).joined(separator: ", ")
        var checksum = TableChecksum()
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(select) FROM \(table.quoted)"),
                                                        logger: logger) {
            let cells = row.makeRandomAccess()
            var values: [CanonicalValue] = []
            for (index, column) in table.columns.enumerated() {
                let cell = cells[index]
                guard cell.bytes != nil else { values.append(.null); continue }
                switch column.kind {
                case .integer, .instant, .boolean: values.append(.integer(try cell.decode(Int64.self)))
                case .double: values.append(.double(try cell.decode(Double.self)))
                case .text: values.append(.text(try cell.decode(String.self)))
                }
            }
            checksum.add(values)
        }
        return checksum
    }
}

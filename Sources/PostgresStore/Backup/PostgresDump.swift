import Foundation
import Logging
import NIOPosix
import PostgresNIO

/// Backups of the PostgreSQL store with PostgreSQL's own tools: `pg_dump` in its custom format
/// (compressed, restorable table by table) and `pg_restore` into an empty database. The URL's
/// parts go to the tools as libpq variables, so the password never shows on a command line.
public struct PostgresDump: Sendable {
    /// The file name of the dump inside a backup folder.
    public static let fileName = "sogreto.pgdump"

    let pgDump: String
    let pgRestore: String

    /// The tools from PATH or Debian's /usr/lib/postgresql/<version>/bin, newest first; nil when absent.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> PostgresDump? {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
            .map { "/usr/lib/postgresql/\($0)/bin" }
        // Debian's versioned folders first: /usr/bin/pg_dump is a wrapper that may pick another version.
        for folder in versions + path {
            let dump = folder + "/pg_dump"
            let restore = folder + "/pg_restore"
            if FileManager.default.isExecutableFile(atPath: dump), FileManager.default.isExecutableFile(atPath: restore) {
                return PostgresDump(pgDump: dump, pgRestore: restore)
            }
        }
        return nil
    }

    /// Why `sogreto backup` cannot dump here; nil when it can.
    public static let missingToolsSentence =
        "pg_dump and pg_restore are not installed: install Debian's postgresql-client (scripts/install-deps does)."

    /// Dumps the whole database into `file` (custom format); returns the schema migrations it holds.
    public func dump(_ url: DatabaseURL, to file: URL, logger: Logger) async throws -> [String] {
        let connection = try await url.connect(logger: logger)
        let migrations: [String]
        do {
            migrations = try await PostgresMigrator.appliedNames(connection, logger: logger)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        try await runOffThread(pgDump, ["--format=custom", "--no-owner", "--no-privileges", "--file=\(file.path)"],
                               url: url, what: "pg_dump")
        return migrations
    }

    /// `dump` for a backup's own thread, without a connection of its own: the schema migrations
    /// are read from the dump itself, so they are the snapshot's.
    public func dumpNow(_ url: DatabaseURL, to file: URL) throws -> [String] {
        try run(pgDump, ["--format=custom", "--no-owner", "--no-privileges", "--file=\(file.path)"], url: url,
                what: "pg_dump")
        return try migrations(in: file)
    }

    /// The schema migrations a dump holds, in the order they were applied.
    public func migrations(in file: URL) throws -> [String] {
        let text = try run(pgRestore, ["--data-only", "--table=schema_migrations", "--file=-", file.path], url: nil,
                           what: "pg_restore")
        return Self.copyRows(text, columns: ["position", "name"])
            .compactMap { row in Int(row[0]).map { ($0, row[1]) } }
            .sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The `columns` of each row of the first `COPY … FROM stdin` block of a plain-text restore.
    static func copyRows(_ text: String, columns wanted: [String]) -> [[String]] {
        var header: [String]?
        var rows: [[String]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let names = header {
                if line == "\\." { break }
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                let picked = wanted.compactMap { names.firstIndex(of: $0) }
                    .compactMap { fields.indices.contains($0) ? fields[$0] : nil }
                if picked.count == wanted.count { rows.append(picked) }
            } else if line.hasPrefix("COPY "), let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")") {
                header = line[line.index(after: open)..<close].split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
        }
        return rows
    }

    /// What a restored database holds: its migrations and each table's rows, for a backup's check.
    public func census(of url: DatabaseURL, logger: Logger) async throws -> (migrations: [String], rows: [String: Int64]) {
        let connection = try await url.connect(logger: logger)
        do {
            let migrations = try await PostgresMigrator.appliedNames(connection, logger: logger)
            var rows: [String: Int64] = [:]
            let tables = try await connection.query("""
                SELECT table_name::text FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1
                """, logger: logger).collect().map { try $0.decode(String.self) }
            for table in tables {
                let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                rows[table] = try await connection.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(quoted)"),
                                                         logger: logger).collect().first?.decode(Int64.self) ?? 0
            }
            try? await connection.close()
            return (migrations, rows)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Restores a dump into `url`, which must hold no tables (a fresh `createdb`): one transaction,
    /// stopping at the first error, so a failed restore leaves the database as empty as it was.
    public func restore(_ file: URL, into url: DatabaseURL, logger: Logger) async throws {
        let connection = try await url.connect(logger: logger)
        let tables: Int64
        do {
            tables = try await connection.query("""
                SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()
                """, logger: logger).collect().first?.decode(Int64.self) ?? 0
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        guard tables == 0 else {
            throw StoreMigrationError("The \(url) already has \(tables) tables: restore goes only into an empty database (createdb a new one), and nothing was changed.")
        }
        try await runOffThread(pgRestore, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                                           "--dbname=\(url.database)", file.path], url: url, what: "pg_restore")
    }

    /// Lists a dump's table of contents, checking that pg_restore can read it whole.
    public func check(_ file: URL) throws -> Int {
        let output = try run(pgRestore, ["--list", file.path], url: nil, what: "pg_restore --list")
        return output.split(separator: "\n").filter { !$0.hasPrefix(";") && $0.contains("TABLE DATA") }.count
    }

    /// `run` on the pool for blocking work, so an async caller's thread never waits on the tool.
    private func runOffThread(_ tool: String, _ arguments: [String], url: DatabaseURL?, what: String) async throws {
        _ = try await NIOThreadPool.singleton.runIfActive { try run(tool, arguments, url: url, what: what) }
    }

    @discardableResult
    private func run(_ tool: String, _ arguments: [String], url: DatabaseURL?, what: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let url { environment.merge(Self.libpqVariables(url)) { _, new in new } }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        // The tool's errors go to a file read once it exits: a second pipe would need a thread of
        // its own to drain it while this one drains the output.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-\(UUID().uuidString).stderr")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil),
              let errors = try? FileHandle(forWritingTo: errorFile) else {
            throw StoreMigrationError("\(what) could not start: no file for its errors in \(errorFile.deletingLastPathComponent().path).")
        }
        defer {
            try? errors.close()
            try? FileManager.default.removeItem(at: errorFile)
        }
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw StoreMigrationError("\(what) could not start (\(tool)).")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
                .split(separator: "\n").first.map { String($0.prefix(300)) } ?? "exit status \(process.terminationStatus)"
            throw StoreMigrationError("\(what) failed: \(detail)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// libpq's variables for the URL (the password as PGPASSWORD, never an argument).
    static func libpqVariables(_ url: DatabaseURL) -> [String: String] {
        var variables = ["PGUSER": url.username, "PGDATABASE": url.database, "PGSSLMODE": url.tls.rawValue,
                         "PGAPPNAME": "sogreto-backup"]
        switch url.endpoint {
        case .tcp(let host, let port):
            variables["PGHOST"] = host
            variables["PGPORT"] = String(port)
        case .unixSocket(let path):
            let socket = URL(fileURLWithPath: path)
            variables["PGHOST"] = socket.deletingLastPathComponent().path
            variables["PGPORT"] = socket.lastPathComponent.split(separator: ".").last.map(String.init) ?? "5432"
        }
        if let password = url.password { variables["PGPASSWORD"] = password }
        return variables
    }
}

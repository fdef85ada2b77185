import ArgumentParser
import Bot
import Foundation
import Logging
import PostgresStore

/// `sogreto store …`: moving a store between engines.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move the bot's store between engines.",
        subcommands: [StoreMigrateCommand.self])
}

struct StoreMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a stopped bot's SQLite store into an empty PostgreSQL database, verified table by table.",
        discussion: """
            Every table is copied in one PostgreSQL transaction, then row counts and checksums are compared \
            on both sides; any difference rolls the copy back. The SQLite store is only read. A database \
            that already holds rows is refused, so running it twice changes nothing.
            """)

    @Option(name: .customLong("from"), help: "The bot's data directory (the SQLite store sogreto.sqlite inside it).")
    var dataDirectory: String

    @Option(name: .customLong("to"), help: "postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: SOGRETO_DATABASE_URL).")
    var target: String?

    func run() async throws {
        let url: DatabaseURL
        do {
            if let target {
                url = try DatabaseURL(parsing: target)
            } else if let configured = try PostgresAppDatabase.configuredURL(ProcessInfo.processInfo.environment) {
                url = configured
            } else {
                throw ValidationError("Name the PostgreSQL database with --to or SOGRETO_DATABASE_URL.")
            }
        } catch let error as PostgresStoreError {
            throw exitFailure("\(error)")
        }
        let directory = URL(fileURLWithPath: dataDirectory)
        // The bot must be stopped: it holds this lock while it runs.
        let lock: DataDirectoryLock
        do {
            lock = try DataDirectoryLock(directory, for: .own)
        } catch {
            throw exitFailure(error.description)
        }
        defer { withExtendedLifetime(lock) {} }
        var logger = Logger(label: "sogreto.store-migrate")
        logger.logLevel = .error
        let started = Date()
        let tables: [SQLiteToPostgres.Table]
        do {
            tables = try await SQLiteToPostgres(logger: logger).copy(
                sqliteFile: directory.appendingPathComponent("sogreto.sqlite"), to: url,
                progress: { line in FileHandle.standardError.write(Data("  \(line)\n".utf8)) })
        } catch let error as StoreMigrationError {
            throw exitFailure("\(error)")
        } catch let error as PostgresStoreError {
            throw exitFailure("\(error)")
        } catch {
            throw exitFailure("The copy failed (\(ErrorSummary.of(error))); PostgreSQL was left as it was.")
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print("Copied \(tables.count) tables, \(tables.reduce(0) { $0 + $1.rows }) rows, into \(url) in \(seconds) s; counts and checksums match:")
        let width = tables.map(\.name.count).max() ?? 0
        for table in tables {
            let name = table.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("  \(name)  \(String(table.rows).leftPadded(to: 8))  \(table.checksum)")
        }
        print("Next: set SOGRETO_DATABASE_URL and start the bot; keep the SQLite data directory until you are sure (DEPLOY.md).")
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

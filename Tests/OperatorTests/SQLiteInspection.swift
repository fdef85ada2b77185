import GRDB
import Testing
@testable import Bot

extension BotRuntime {
    /// Test-only: the SQLite store's connection, for seeding or reading rows no store operation
    /// writes or reads (the bot itself only ever goes through `Store`).
    var sqliteWriter: any DatabaseWriter {
        get throws { try #require(sqlite, "these tests run the bot on SQLite").writer }
    }
}

/// Why `sogreto store migrate` stopped, as one sentence; the PostgreSQL database is left as it was
/// (the copy is one transaction) and the SQLite store is only ever read.
public struct StoreMigrationError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

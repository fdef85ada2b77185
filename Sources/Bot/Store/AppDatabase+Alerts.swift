import Foundation
import GRDB

/// The alert monitor's reads and its one write: the incident book and the admins' messages
/// commit together, so each opening and resolution is announced exactly once, even across a crash.
extension AppDatabase {
    static let incidentsKey = "alerts.incidents"

    public func incidentBook() async throws -> IncidentBook {
        try await writer.read { db in
            guard let json = try String.fetchOne(db, sql: "SELECT value FROM bot_state WHERE key = ?",
                                                 arguments: [Self.incidentsKey]) else { return IncidentBook() }
            // An unreadable book (after a downgrade) starts afresh rather than stopping the monitor.
            return (try? Self.alertDecoder.decode(IncidentBook.self, from: Data(json.utf8))) ?? IncidentBook()
        }
    }

    /// Saves the book and queues one message per admin for each change. `text` gets the admin's
    /// locale (their users row, Russian otherwise).
    public func recordIncidents(_ book: IncidentBook, changes: [IncidentChange], admins: Set<Int64>, now: Date,
                                text: @Sendable (IncidentChange, String) -> String) async throws {
        let json = String(decoding: try Self.alertEncoder.encode(book), as: UTF8.self)
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO bot_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [Self.incidentsKey, json])
            for admin in admins.sorted() {
                let locale = try String.fetchOne(db, sql: "SELECT locale FROM users WHERE id = ?", arguments: [admin])
                    ?? BotStrings.defaultLocale
                for change in changes {
                    let (incident, state) = switch change {
                    case .opened(let incident): (incident, "opened")
                    case .resolved(let incident, _): (incident, "resolved")
                    }
                    try Self.insertOutbox([.message(text: text(change, locale), keyboard: nil)], chatID: admin, updateID: nil,
                                          priority: 0, dedupeKey: "alert:\(incident.id):\(state):\(admin)", now: now, in: db)
                }
            }
        }
    }

    /// Outbox rows that have been due for longer than `age`: the delivery backlog.
    public func deliveryBacklog(olderThan age: TimeInterval, now: Date) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND COALESCE(not_before, created_at) <= ?
                """, arguments: [now.addingTimeInterval(-age)]) ?? 0
        }
    }

    private static let alertEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private static let alertDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

import Bot
import Foundation
import PostgresNIO

/// The delivery leader's side of the outbox: rows are claimed ('sending', with the term) rather
/// than read, so a new leader knows what an old term left in flight and sends it again, and the
/// fence refuses a deposed leader's claims (see `PostgresMigrations.termFence`).
extension PostgresAppDatabase {
    private static let decoder = JSONDecoder()

    /// `dueOutbox` on a fenced store: each chat's due head, none of a chat with a row in flight,
    /// claimed under the current term by one statement, a transaction of its own that names the
    /// term itself (the fence checks it). Not leading: nothing.
    func claimOutbox(now: Date, excludingChats busy: Set<Int64>, limit: Int) async throws -> [OutboxItem] {
        guard let term = fence?.current, limit > 0 else { return [] }
        return try await statement { session in
            let rows = try await session.rows(ClaimOutbox(now: now.milliseconds, busy: Array(busy),
                                                          candidates: Int64(limit * 2), limit: Int64(limit), term: term))
            var items: [OutboxItem] = []
            var unreadable: [Int64] = []
            for row in rows {
                let json: String = try row.value("action")
                guard let action = try? Self.decoder.decode(OutboxAction.self, from: Data(json.utf8)) else {
                    unreadable.append(try row.value("id"))
                    continue
                }
                items.append(OutboxItem(id: try row.value("id"), chatID: try row.value("chat_id"),
                                        priority: try row.int("priority"), action: action,
                                        attempts: try row.int("attempts"), createdAt: try row.date("created_at")))
            }
            if !unreadable.isEmpty {
                // An outcome, which the fence accepts from anyone.
                try await session.execute("""
                    UPDATE outbox SET state = 'failed', last_error = 'unreadable action' WHERE id = ANY(\(unreadable))
                    """)
            }
            // RETURNING keeps no order: the delivery order is the outbox's.
            return items.sorted { ($0.priority, $0.id) < ($1.priority, $1.id) }
        }
    }

    /// Claimed rows Delivery did not start (held back by its pacer) are pending again, so the
    /// chat's next look finds them; only this term's claims, and refused once the term is over
    /// (the next leader requeues them). A store that claims nothing has nothing to release.
    public func releaseOutbox(_ ids: [Int64]) async throws {
        guard let term = fence?.current, !ids.isEmpty else { return }
        try await write { session in
            try await session.execute("""
                UPDATE outbox SET state = 'pending', term = NULL WHERE id = ANY(\(ids)) AND state = 'sending' AND term = \(term)
                """)
        }
    }

    /// A new leader's first write: rows an older term claimed and never settled are pending again,
    /// in their places, so they go out under this term. Returns how many.
    @discardableResult
    public func requeueInFlight(before term: Int64) async throws -> Int {
        try await write { session in
            try await session.rows("""
                UPDATE outbox SET state = 'pending', term = NULL WHERE state = 'sending' AND term < \(term) RETURNING id
                """).count
        }
    }
}

extension PostgresStoreError {
    /// True when PostgreSQL refused a write because its leader's term is over.
    public static func isDeposedLeader(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == PostgresMigrations.deposedLeaderCode
    }
}

extension PostgresAppDatabase {
    /// How many delivery leaders were elected so far (each win is a term), for drills and reports.
    public func leaderTermCount() async throws -> Int {
        try await read { session in Int(try await session.scalar("SELECT COUNT(*) FROM leader_terms", as: Int64.self) ?? 0) }
    }
}

/// The leader's claim (prepared: it runs for every few messages sent), in `sogreto_claim_outbox`
/// (`PostgresMigrations.roundTrips`): up to `candidates` due chat heads in delivery order, locked
/// (`SKIP LOCKED`: never two claimers on one row); of each chat only its first (a chat may have a
/// head in each lane, and only one row may be in flight); the first `limit` of those go to
/// 'sending' under `term`.
private struct ClaimOutbox: PreparedQuery {
    var now: MillisecondDate
    var busy: [Int64]
    var candidates: Int64
    var limit: Int64
    var term: Int64
    static let sql = ClaimOutbox(now: MillisecondDate(milliseconds: 0), busy: [], candidates: 0, limit: 0, term: 0).query.sql

    var query: PostgresQuery {
        """
        SELECT id, chat_id, priority, action, attempts, created_at
        FROM sogreto_claim_outbox(\(now), \(busy), \(candidates), \(limit), \(term))
        """
    }
}

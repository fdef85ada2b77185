import Bot
import Foundation
import PostgresNIO

/// The delivery leader's side of the outbox: rows are claimed ('sending', with the term) rather
/// than read, so a new leader knows what an old term left in flight and sends it again, and the
/// fence refuses a deposed leader's claims (see `PostgresMigrations.termFence`).
extension PostgresAppDatabase {
    private static let decoder = JSONDecoder()

    /// `dueOutbox` on a fenced store: each chat's due head, none of a chat with a row in flight,
    /// claimed under the current term in the same transaction. Not leading: nothing.
    func claimOutbox(now: Date, excludingChats busy: Set<Int64>, limit: Int) async throws -> [OutboxItem] {
        guard let term = fence?.current, limit > 0 else { return [] }
        return try await write { session in
            let rows = try await session.rows("""
                SELECT id, chat_id, priority, action, attempts, created_at FROM outbox AS row
                WHERE state = 'pending' AND (not_before IS NULL OR not_before <= \(now.milliseconds))
                  AND \(unescaped: Self.isChatHead)
                  AND NOT EXISTS (SELECT 1 FROM outbox AS flying WHERE flying.chat_id = row.chat_id AND flying.state = 'sending')
                  AND chat_id <> ALL(\(Array(busy)))
                ORDER BY priority, id LIMIT \(Int64(limit * 2))
                FOR UPDATE SKIP LOCKED
                """)
            var seen: Set<Int64> = []
            var items: [OutboxItem] = []
            var unreadable: [Int64] = []
            for row in rows {
                let chatID: Int64 = try row.value("chat_id")
                guard seen.insert(chatID).inserted else { continue }
                let json: String = try row.value("action")
                guard let action = try? Self.decoder.decode(OutboxAction.self, from: Data(json.utf8)) else {
                    unreadable.append(try row.value("id"))
                    continue
                }
                items.append(OutboxItem(id: try row.value("id"), chatID: chatID, priority: try row.int("priority"),
                                        action: action, attempts: try row.int("attempts"),
                                        createdAt: try row.date("created_at")))
                if items.count == limit { break }
            }
            if !unreadable.isEmpty {
                try await session.execute("""
                    UPDATE outbox SET state = 'failed', last_error = 'unreadable action' WHERE id = ANY(\(unreadable))
                    """)
            }
            if !items.isEmpty {
                try await session.execute("""
                    UPDATE outbox SET state = 'sending', term = \(term) WHERE id = ANY(\(items.map(\.id)))
                    """)
            }
            return items
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

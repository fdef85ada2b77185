import Bot
import Foundation
import PostgresNIO

/// The outbox: the same rows, order and dedupe rules as on SQLite.
extension PostgresAppDatabase {
    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Inserts one row per action; returns how many were new (a taken dedupe key adds nothing).
    @discardableResult
    static func insertOutbox(_ actions: [OutboxAction], chatID: Int64, updateID: Int64?, priority: Int,
                             dedupeKey: String?, notBefore: Date? = nil, now: Date,
                             in session: SQLSession) async throws -> Int {
        var inserted = 0
        for (index, action) in actions.enumerated() {
            let json = String(decoding: try encoder.encode(action), as: UTF8.self)
            let key = dedupeKey.map { actions.count == 1 ? $0 : "\($0)#\(index)" }
            let rank = Int64(action.isImmediate ? -1 : priority)
            // The leader's wake-up rides on the insert (sent at commit, once per transaction): a
            // statement of its own was one more round trip per reply.
            inserted += try await session.rows("""
                WITH inserted AS (
                    INSERT INTO outbox (chat_id, priority, action, created_at, update_id, dedupe_key, not_before)
                    VALUES (\(chatID), \(rank), \(json), \(now.milliseconds), \(updateID), \(key), \(notBefore?.milliseconds))
                    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)
                SELECT id, pg_notify(\(WakeUpListener.Channel.outbox.rawValue), '') FROM inserted
                """).count
        }
        return inserted
    }

    /// One chat's message for `insertOutbox(batch:)`.
    struct QueuedMessage {
        var chatID: Int64
        var actions: [OutboxAction]
        var dedupeKey: String?
        var notBefore: Date?
    }

    /// Many chats' messages in one statement (a reminder fan-out claims hundreds at once), with the
    /// rules of `insertOutbox`; returns how many rows each chat got (a taken dedupe key adds none).
    static func insertOutbox(batch messages: [QueuedMessage], priority: Int, now: Date,
                             in session: SQLSession) async throws -> [Int64: Int] {
        struct Row: Encodable {
            var chat_id: Int64
            var priority: Int64
            var action: String
            var dedupe_key: String?
            var not_before: Int64?
        }
        var rows: [Row] = []
        for message in messages {
            for (index, action) in message.actions.enumerated() {
                let key = message.dedupeKey.map { message.actions.count == 1 ? $0 : "\($0)#\(index)" }
                rows.append(Row(chat_id: message.chatID, priority: Int64(action.isImmediate ? -1 : priority),
                                action: String(decoding: try encoder.encode(action), as: UTF8.self),
                                dedupe_key: key, not_before: message.notBefore?.milliseconds.milliseconds))
            }
        }
        guard !rows.isEmpty else { return [:] }
        let json = String(decoding: try encoder.encode(rows), as: UTF8.self)
        var inserted: [Int64: Int] = [:]
        // Row by row in the given order (ids keep each chat's order), as the single inserts did.
        for row in try await session.rows("""
            WITH inserted AS (
                INSERT INTO outbox (chat_id, priority, action, created_at, dedupe_key, not_before)
                SELECT r.chat_id, r.priority, r.action, \(now.milliseconds), r.dedupe_key,
                       'epoch'::timestamptz + r.not_before * INTERVAL '1 millisecond'
                FROM ROWS FROM (json_to_recordset(\(json)::json)
                                AS (chat_id BIGINT, priority BIGINT, action TEXT, dedupe_key TEXT, not_before BIGINT))
                     WITH ORDINALITY AS r(chat_id, priority, action, dedupe_key, not_before, n)
                ORDER BY r.n
                ON CONFLICT (dedupe_key) DO NOTHING RETURNING chat_id)
            SELECT chat_id, pg_notify(\(WakeUpListener.Channel.outbox.rawValue), '') FROM inserted
            """) {
            inserted[try row.value("chat_id"), default: 0] += 1
        }
        return inserted
    }

    public func enqueue(_ actions: [OutboxAction], chatID: Int64, priority: Int, dedupeKey: String?, notBefore: Date?,
                        now: Date) async throws {
        try await write { session in
            let blocked = try await session.scalar("SELECT blocked_at IS NOT NULL FROM users WHERE id = \(chatID)",
                                                   as: Bool.self) ?? false
            if blocked { return }
            try await Self.insertOutbox(actions, chatID: chatID, updateID: nil, priority: priority,
                                        dedupeKey: dedupeKey, notBefore: notBefore, now: now, in: session)
        }
    }

    /// SQL condition on a pending row aliased `row`: no earlier row of its chat (in its lane) is pending.
    static let isChatHead = """
        NOT EXISTS (SELECT 1 FROM outbox AS earlier
                    WHERE earlier.chat_id = row.chat_id AND earlier.state = 'pending'
                      AND (earlier.priority < 0) = (row.priority < 0)
                      AND (earlier.priority, earlier.id) < (row.priority, row.id))
        """

    public func dueOutbox(now: Date, excludingChats busy: Set<Int64>, limit: Int) async throws -> [OutboxItem] {
        if fence != nil { return try await claimOutbox(now: now, excludingChats: busy, limit: limit) }
        let (items, unreadable) = try await read { session -> ([OutboxItem], [Int64]) in
            let rows = try await session.rows("""
                SELECT id, chat_id, priority, action, attempts, created_at FROM outbox AS row
                WHERE state = 'pending' AND (not_before IS NULL OR not_before <= \(now.milliseconds))
                  AND \(unescaped: Self.isChatHead)
                ORDER BY priority, id LIMIT \(Int64(limit + busy.count * 4))
                """)
            var seen = busy
            var items: [OutboxItem] = []
            var unreadable: [Int64] = []
            for row in rows {
                let chatID: Int64 = try row.value("chat_id")
                guard !seen.contains(chatID) else { continue }
                seen.insert(chatID)
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
            return (items, unreadable)
        }
        if !unreadable.isEmpty {
            try await write { session in
                try await session.execute("""
                    UPDATE outbox SET state = 'failed', last_error = 'unreadable action' WHERE id = ANY(\(unreadable))
                    """)
            }
        }
        return items
    }

    public func nextOutboxDue() async throws -> Date? {
        try await read { session in
            guard let cell = try await session.rows(NextOutboxDue()).first?[0], cell.bytes != nil else { return nil }
            return try cell.decode(MillisecondDate.self).date
        }
    }

    public func markSent(_ rows: [SentRow]) async throws {
        guard !rows.isEmpty else { return }
        // One statement for the whole batch (under load the recorder hands over dozens at once),
        // which is its own transaction: no BEGIN, COMMIT or term, since an outcome is recorded
        // whoever leads now. Sent farewells are deleted instead (see `dropFarewells`). Message ids
        // are positive, so 0 stands for "none" (arrays of optionals do not bind).
        try await statement { session in
            try await session.execute(MarkSent(ids: rows.map(\.id), at: rows.map(\.at.milliseconds),
                                               messageIDs: rows.map { Int64($0.telegramMessageID ?? 0) }))
        }
    }

    public func markRetry(_ id: Int64, notBefore: Date, error: String) async throws {
        try await write { session in
            try await session.execute("""
                UPDATE outbox SET state = 'pending', term = NULL, attempts = attempts + 1, not_before = \(notBefore.milliseconds),
                    last_error = \(TokenRedaction.redact(error)) WHERE id = \(id)
                """)
        }
    }

    public func postponeChat(_ chatID: Int64, until: Date) async throws {
        try await write { session in
            try await session.execute("""
                UPDATE outbox SET state = 'pending', term = NULL, not_before = GREATEST(not_before, \(until.milliseconds))
                WHERE chat_id = \(chatID) AND state IN ('pending', 'sending')
                """)
        }
    }

    public func markFailed(_ id: Int64, error: String) async throws {
        try await write { session in
            try await session.execute("""
                UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = \(TokenRedaction.redact(error))
                WHERE id = \(id)
                """)
            try await Self.dropFarewells([id], in: session)
        }
    }

    public func markBlocked(chatID: Int64, now: Date) async throws {
        try await write { session in
            try await session.execute("""
                UPDATE users SET blocked_at = \(now.milliseconds), updated_at = \(now.milliseconds)
                WHERE id = \(chatID) AND blocked_at IS NULL
                """)
            try await session.execute("""
                UPDATE outbox SET state = 'cancelled', last_error = 'blocked' WHERE chat_id = \(chatID) AND state IN ('pending', 'sending')
                """)
            try await session.execute("UPDATE jobs SET state = 'cancelled' WHERE user_id = \(chatID) AND state = 'pending'")
        }
    }

    public func pendingOutboxCount() async throws -> Int {
        try await read { session in
            Int(try await session.scalar("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')",
                                         as: Int64.self) ?? 0)
        }
    }

    public func deliveryBacklog(olderThan age: TimeInterval, now: Date) async throws -> Int {
        try await read { session in
            Int(try await session.scalar("""
                SELECT COUNT(*) FROM outbox
                WHERE state = 'pending' AND COALESCE(not_before, created_at) <= \(now.addingTimeInterval(-age).milliseconds)
                """, as: Int64.self) ?? 0)
        }
    }

    public func outboxRows(chatID: Int64?) async throws -> [OutboxRow] {
        try await read { session in
            let columns = "id, chat_id, priority, action, state, attempts, update_id, dedupe_key, not_before, last_error, created_at, sent_at"
            let rows = if let chatID {
                try await session.rows("SELECT \(unescaped: columns) FROM outbox WHERE chat_id = \(chatID) ORDER BY id")
            } else {
                try await session.rows("SELECT \(unescaped: columns) FROM outbox ORDER BY id")
            }
            return try rows.map { row in
                let json: String = try row.value("action")
                return OutboxRow(id: try row.value("id"), chatID: try row.value("chat_id"), priority: try row.int("priority"),
                                 action: try? Self.decoder.decode(OutboxAction.self, from: Data(json.utf8)),
                                 state: try row.value("state"), attempts: try row.int("attempts"),
                                 updateID: try row.value("update_id"), dedupeKey: try row.value("dedupe_key"),
                                 notBefore: try row.optionalDate("not_before"), lastError: try row.value("last_error"),
                                 createdAt: try row.date("created_at"), sentAt: try row.optionalDate("sent_at"))
            }
        }
    }
}

/// `markSent`'s statement (prepared: the delivery leader runs it for every batch it sends).
private struct MarkSent: PreparedQuery {
    var ids: [Int64]
    var at: [MillisecondDate]
    var messageIDs: [Int64]
    static let sql = MarkSent(ids: [], at: [], messageIDs: []).query.sql

    var query: PostgresQuery {
        """
        WITH farewells AS (
            DELETE FROM outbox WHERE id = ANY(\(ids)) AND dedupe_key LIKE 'farewell:%' RETURNING id)
        UPDATE outbox SET state = 'sent', sent_at = sent.at, telegram_message_id = NULLIF(sent.message_id, 0),
            attempts = attempts + 1
        FROM unnest(\(ids), \(at), \(messageIDs)) AS sent(id, at, message_id)
        WHERE outbox.id = sent.id AND outbox.id NOT IN (SELECT id FROM farewells)
        """
    }
}

/// When delivery next has a row due (prepared: the leader asks whenever a look claimed nothing).
private struct NextOutboxDue: PreparedQuery {
    static let sql = NextOutboxDue().query.sql

    var query: PostgresQuery {
        """
        SELECT MIN(COALESCE(not_before, created_at)) FROM outbox AS row
        WHERE state = 'pending' AND \(unescaped: PostgresAppDatabase.isChatHead)
        """
    }
}

import Bot
import Foundation
import Media
import PostgresNIO

/// Telegram's file ids, support messages, the vision cache and budget, the alert book, audit rows.
extension PostgresAppDatabase {
    public func telegramFileID(sha256: String, kind: TelegramFileKind) async throws -> String? {
        try await read { session in
            try await session.scalar("""
                SELECT file_id FROM telegram_files WHERE sha256 = \(sha256) AND kind = \(kind.rawValue)
                """, as: String.self)
        }
    }

    public func rememberTelegramFile(sha256: String, kind: TelegramFileKind, fileID: String, now: Date) async throws {
        try await write { session in
            try await session.execute("""
                INSERT INTO telegram_files (sha256, kind, file_id, updated_at)
                VALUES (\(sha256), \(kind.rawValue), \(fileID), \(now.milliseconds))
                ON CONFLICT (sha256, kind) DO UPDATE SET file_id = EXCLUDED.file_id, updated_at = EXCLUDED.updated_at
                """)
        }
    }

    public func forgetTelegramFile(sha256: String, kind: TelegramFileKind, fileID: String) async throws {
        try await write { session in
            try await session.execute("""
                DELETE FROM telegram_files WHERE sha256 = \(sha256) AND kind = \(kind.rawValue) AND file_id = \(fileID)
                """)
        }
    }

    public func supportMessages(userID: Int64) async throws -> [SupportMessage] {
        try await read { session in
            try await session.rows("""
                SELECT user_id, direction, admin_id, kind, text, file_id FROM support_messages
                WHERE user_id = \(userID) ORDER BY id
                """).compactMap { row in
                guard let direction = SupportMessage.Direction(rawValue: try row.value("direction")) else { return nil }
                return SupportMessage.stored(userID: try row.value("user_id"), direction: direction, adminID: try row.value("admin_id"),
                                             kind: try row.value("kind"), text: try row.value("text"),
                                             fileID: try row.value("file_id"))
            }
        }
    }

    public func cachedVisionAnswer(sha256: String, locale: String) async throws -> String? {
        try await read { session in
            try await session.scalar("SELECT answer FROM vision_answers WHERE sha256 = \(sha256) AND locale = \(locale)",
                                     as: String.self)
        }
    }

    public func cacheVisionAnswer(_ json: String, sha256: String, locale: String, now: Date) async throws {
        try await write { session in
            try await session.execute("""
                INSERT INTO vision_answers (sha256, locale, answer, created_at)
                VALUES (\(sha256), \(locale), \(json), \(now.milliseconds))
                ON CONFLICT (sha256, locale) DO UPDATE SET answer = EXCLUDED.answer
                """)
        }
    }

    /// The day's rows are locked first, so two instances cannot both take the last call.
    public func reserveVisionCall(userID: Int64, day: String, perUser: Int, budget: Int) async throws -> Bool {
        try await write { session in
            try await session.execute("SELECT pg_advisory_xact_lock(hashtext(\("vision:" + day)))")
            let mine = try await session.scalar("""
                SELECT calls FROM vision_usage WHERE day = \(day) AND user_id = \(userID)
                """, as: Int64.self) ?? 0
            let all = try await session.scalar("SELECT COALESCE(SUM(calls), 0)::BIGINT FROM vision_usage WHERE day = \(day)",
                                               as: Int64.self) ?? 0
            guard mine < perUser, all < budget else { return false }
            try await session.execute("""
                INSERT INTO vision_usage (day, user_id, calls) VALUES (\(day), \(userID), 1)
                ON CONFLICT (day, user_id) DO UPDATE SET calls = vision_usage.calls + 1
                """)
            return true
        }
    }

    static let incidentsKey = "alerts.incidents"

    public func incidentBook() async throws -> IncidentBook {
        try await read { session in
            guard let json = try await session.scalar("SELECT value FROM bot_state WHERE key = \(Self.incidentsKey)",
                                                      as: String.self) else { return IncidentBook() }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return (try? decoder.decode(IncidentBook.self, from: Data(json.utf8))) ?? IncidentBook()
        }
    }

    public func recordIncidents(_ book: IncidentBook, changes: [IncidentChange], admins: Set<Int64>, now: Date,
                                text: @Sendable (IncidentChange, String) -> String) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(book), as: UTF8.self)
        try await withoutActuallyEscaping(text) { text in
            try await write { session in
                try await session.execute("""
                    INSERT INTO bot_state (key, value) VALUES (\(Self.incidentsKey), \(json))
                    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                    """)
                for admin in admins.sorted() {
                    let locale = try await session.scalar("SELECT locale FROM users WHERE id = \(admin)", as: String.self)
                        ?? BotStrings.defaultLocale
                    for change in changes {
                        let (incident, state) = switch change {
                        case .opened(let incident): (incident, "opened")
                        case .resolved(let incident, _): (incident, "resolved")
                        }
                        try await Self.insertOutbox([.message(text: text(change, locale), keyboard: nil)], chatID: admin,
                                                    updateID: nil, priority: 0,
                                                    dedupeKey: "alert:\(incident.id):\(state):\(admin)", now: now, in: session)
                    }
                }
            }
        }
    }

    public func usedMediaBytes() async throws -> Int64 {
        try await read { try await Self.usedMediaBytes($0) }
    }

    static func usedMediaBytes(_ session: SQLSession) async throws -> Int64 {
        try await session.scalar("""
            SELECT ((SELECT COALESCE(SUM(bytes), 0) FROM photos) + (SELECT COALESCE(SUM(bytes), 0) FROM renders))::BIGINT
            """, as: Int64.self) ?? 0
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await read { session in
            try await session.rows("""
                SELECT id, actor, action, target, detail, reason, at FROM audit_log ORDER BY id DESC LIMIT \(Int64(limit))
                """).map(Self.auditEntry)
        }
    }

    static func auditEntry(_ row: PostgresRandomAccessRow) throws -> AuditEntry {
        AuditEntry(id: try row.value("id"), actor: try row.value("actor"), action: try row.value("action"),
                   target: try row.value("target", as: String?.self), detail: try row.value("detail", as: String?.self),
                   reason: try row.value("reason", as: String?.self), at: try row.date("at"))
    }

    public func recordAudit(actor: String, action: String, target: String?, detail: [String: Int64?],
                            reason: String?, now: Date) async throws {
        try await write { session in
            try await Self.recordAudit(actor: actor, action: action, target: target, detail: detail, reason: reason,
                                       now: now, in: session)
        }
    }

    static func recordAudit(actor: String, action: String, target: String?, detail: [String: Int64?],
                            reason: String? = nil, now: Date, in session: SQLSession) async throws {
        // Ids and numbers only, keys sorted, as the SQLite store writes it.
        let json: String? = detail.isEmpty ? nil : "{" + detail.keys.sorted().map { key in
            "\"\(key)\":" + (detail[key].flatMap { $0 }.map(String.init) ?? "null")
        }.joined(separator: ",") + "}"
        try await session.execute("""
            INSERT INTO audit_log (actor, action, target, detail, reason, at)
            VALUES (\(actor), \(action), \(target), \(json), \(AuditEntry.reasonLine(reason)), \(now.milliseconds))
            """)
    }

    public func operationalFigures() async throws -> OperationalFigures {
        try await read { session in
            let pending = try await session.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending'", as: Int64.self) ?? 0
            var tasks: [String: Int] = [:]
            for row in try await session.rows("SELECT state, COUNT(*) AS n FROM media_tasks GROUP BY state") {
                tasks[try row.value("state")] = try row.int("n")
            }
            let users = try await session.scalar("SELECT COUNT(*) FROM users", as: Int64.self) ?? 0
            return OperationalFigures(outboxPending: Int(pending), mediaTasks: tasks,
                                      mediaBytes: try await Self.usedMediaBytes(session), users: Int(users))
        }
    }
}

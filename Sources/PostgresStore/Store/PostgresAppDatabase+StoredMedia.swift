import Bot
import Foundation
import Media
import PostgresNIO

/// Stored media for operators and the photo intake (usage, per-user caps, purges, the budget,
/// orphans): the same queries as the SQLite store's in PostgreSQL's dialect (sums cast back to
/// BIGINT, subqueries named).
extension PostgresAppDatabase {
    // MARK: - Storage

    public func storageReport(budget: MediaBudget?, top: Int) async throws -> StorageReport {
        try await read { session in
            let formats = try await session.rows("""
                SELECT source_format AS name, COUNT(*) AS n, COALESCE(SUM(bytes), 0)::BIGINT AS b FROM photos
                GROUP BY source_format ORDER BY b DESC, source_format
                """).map(Self.usage)
            let kinds = try await session.rows("""
                SELECT kind AS name, COUNT(*) AS n, COALESCE(SUM(bytes), 0)::BIGINT AS b FROM renders
                GROUP BY kind ORDER BY b DESC, kind
                """).map(Self.usage)
            let users = try await session.rows("""
                SELECT user_id, SUM(p)::BIGINT AS p, SUM(r)::BIGINT AS r, SUM(b)::BIGINT AS b FROM (
                    SELECT user_id, 1 AS p, 0 AS r, bytes AS b FROM photos
                    UNION ALL SELECT user_id, 0, 1, bytes FROM renders) AS media
                GROUP BY user_id ORDER BY b DESC, user_id
                """).map {
                StorageReport.UserUsage(userID: try $0.value("user_id"), photos: try $0.int("p"), renders: try $0.int("r"),
                                        bytes: try $0.value("b"))
            }
            let bytes = formats.reduce(0) { $0 + $1.bytes } + kinds.reduce(0) { $0 + $1.bytes }
            return StorageReport(usersWithMedia: users.count, photos: formats.reduce(0) { $0 + $1.count },
                                 renders: kinds.reduce(0) { $0 + $1.count }, bytes: bytes, byFormat: formats,
                                 byRenderKind: kinds, budget: budget?.usage(of: bytes), topUsers: Array(users.prefix(top)))
        }
    }

    private static func usage(_ row: PostgresRandomAccessRow) throws -> StorageReport.Usage {
        StorageReport.Usage(name: try row.value("name"), count: try row.int("n"), bytes: try row.value("b"))
    }

    // MARK: - One user

    public func userMedia(_ userID: Int64) async throws -> UserMedia? {
        try await read { session in
            guard let user = try await Self.findUser(userID, in: session) else { return nil }
            let photos = try await session.rows("""
                SELECT id, day, source_format, bytes, width, height, created_at FROM photos WHERE user_id = \(userID)
                ORDER BY day, id
                """).map {
                UserMedia.Photo(id: try $0.value("id"), day: try $0.int("day"), format: try $0.value("source_format"),
                                bytes: try $0.value("bytes"), width: try $0.int("width"), height: try $0.int("height"),
                                createdAt: try $0.date("created_at"))
            }
            let renders = try await session.rows("""
                SELECT id, kind, bytes, created_at FROM renders WHERE user_id = \(userID) ORDER BY id
                """).map {
                UserMedia.Render(id: try $0.value("id"), kind: try $0.value("kind"), bytes: try $0.value("bytes"),
                                 createdAt: try $0.date("created_at"))
            }
            return UserMedia(userID: userID, locale: user.locale, status: user.status.rawValue, kitCode: user.kitCode,
                             quota: MediaQuota(maxPhotos: user.maxPhotos, maxBytes: user.maxMediaBytes.map(Int64.init)),
                             photos: photos, renders: renders)
        }
    }

    public func setQuota(userID: Int64, change: MediaQuota.Change, actor: String, now: Date) async throws -> MediaQuota? {
        try await write { session in
            try await Self.setQuota(userID: userID, change: change, actor: actor, now: now, in: session)
        }
    }

    /// Changes a user's caps with the audit row, in the caller's transaction (an admin's /quota
    /// command commits it with its update); nil when there is no such user.
    static func setQuota(userID: Int64, change: MediaQuota.Change, actor: String, now: Date,
                         in session: SQLSession) async throws -> MediaQuota? {
        guard let user = try await Self.findUser(userID, forUpdate: true, in: session) else { return nil }
        let maxPhotos = change.maxPhotos ?? user.maxPhotos
        let maxBytes = change.maxBytes.map { $0.map { Int($0) } } ?? user.maxMediaBytes
        try await session.execute("""
            UPDATE users SET max_photos = \(maxPhotos.map(Int64.init)), max_media_bytes = \(maxBytes.map(Int64.init)),
                updated_at = \(now.milliseconds)
            WHERE id = \(userID)
            """)
        let quota = MediaQuota(maxPhotos: maxPhotos, maxBytes: maxBytes.map(Int64.init))
        try await Self.recordAudit(actor: actor, action: "quota.set", target: "user:\(userID)",
                                   detail: ["max_photos": Int64(quota.maxPhotos), "max_bytes": quota.maxBytes],
                                   now: now, in: session)
        return quota
    }

    public func purgeMedia(userID: Int64, actor: String, notice: @Sendable (String) -> [OutboxAction],
                           now: Date) async throws -> PurgeResult? {
        try await withoutActuallyEscaping(notice) { notice in
            try await write { session in
                guard let user = try await Self.findUser(userID, forUpdate: true, in: session) else { return nil }
                let result = try await Self.deleteMedia(of: userID, in: session)
                if result.photos + result.renders > 0 && user.blockedAt == nil {
                    try await Self.insertOutbox(notice(user.locale), chatID: userID, updateID: nil, priority: 0,
                                                dedupeKey: nil, now: now, in: session)
                }
                try await Self.recordAudit(actor: actor, action: "media.purge", target: "user:\(userID)",
                                           detail: ["photos": Int64(result.photos), "renders": Int64(result.renders),
                                                    "bytes": result.bytes], now: now, in: session)
                return result
            }
        }
    }

    // MARK: - Uploads and the budget

    public func uploadAllowance(userID: Int64, incomingBytes: Int64, budget: MediaBudget?) async throws -> UploadAllowance {
        try await read { session in
            let user = try await Self.findUser(userID, in: session)
            let quota = MediaQuota(maxPhotos: user?.maxPhotos, maxBytes: user?.maxMediaBytes.map(Int64.init))
            let photos = try await session.scalar("SELECT COUNT(*) FROM photos WHERE user_id = \(userID)", as: Int64.self) ?? 0
            if photos >= quota.maxPhotos { return .refused(.photoLimit) }
            if let cap = quota.maxBytes {
                let mine = try await session.scalar("""
                    SELECT ((SELECT COALESCE(SUM(bytes), 0) FROM photos WHERE user_id = \(userID))
                          + (SELECT COALESCE(SUM(bytes), 0) FROM renders WHERE user_id = \(userID)))::BIGINT
                    """, as: Int64.self) ?? 0
                if mine + incomingBytes > cap { return .refused(.byteLimit) }
            }
            if let budget, !budget.admits(incomingBytes, used: try await Self.usedMediaBytes(session)) {
                return .refused(.budgetFull)
            }
            return .allowed
        }
    }

    /// The alert's state row is locked first, so two instances checking at once alert once.
    public func checkMediaBudget(_ budget: MediaBudget, adminIDs: Set<Int64>,
                                 alert: @Sendable (MediaBudget.Usage, _ locale: String) -> OutboxAction,
                                 now: Date) async throws -> Bool {
        try await withoutActuallyEscaping(alert) { alert in
            try await write { session in
                try await session.execute("SELECT pg_advisory_xact_lock(hashtext('media_budget_alert'))")
                let used = try await Self.usedMediaBytes(session)
                let armed = try await session.scalar("SELECT value FROM bot_state WHERE key = 'media_budget_alert'",
                                                     as: String.self) != "sent"
                let step = budget.alertStep(used: used, armed: armed)
                if step.armed != armed {
                    try await session.execute("""
                        INSERT INTO bot_state (key, value) VALUES ('media_budget_alert', \(step.armed ? "armed" : "sent"))
                        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                        """)
                }
                guard step.warn else { return false }
                for admin in adminIDs.sorted() {
                    let locale = try await session.scalar("SELECT locale FROM users WHERE id = \(admin)", as: String.self)
                    try await Self.insertOutbox([alert(budget.usage(of: used), locale ?? BotStrings.defaultLocale)],
                                                chatID: admin, updateID: nil, priority: 0, dedupeKey: nil, now: now,
                                                in: session)
                }
                try await Self.recordAudit(actor: "system", action: "budget.alert", target: nil,
                                           detail: ["used_bytes": used, "budget_bytes": budget.bytes], now: now, in: session)
                return true
            }
        }
    }

    // MARK: - Orphans

    public func mediaReferences() async throws -> MediaReferences {
        try await read { session in
            let photos = try await session.rows("SELECT id, user_id, sha256, thumb_sha256 FROM photos ORDER BY id").map {
                MediaReferences.PhotoRow(id: try $0.value("id"), userID: try $0.value("user_id"), sha256: try $0.value("sha256"),
                                         thumbSHA256: try $0.value("thumb_sha256"))
            }
            let renders = try await session.rows("SELECT id, user_id, kind, sha256, sources FROM renders ORDER BY id").map { row in
                let sources = (try row.value("sources", as: String?.self))
                    .flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
                return MediaReferences.RenderRow(id: try row.value("id"), userID: try row.value("user_id"),
                                                 kind: try row.value("kind"), sha256: try row.value("sha256"), sources: sources)
            }
            return MediaReferences(photos: photos, renders: renders, held: try await Self.heldPhotos(of: nil, in: session))
        }
    }

    public func deleteMediaRows(photoIDs: [Int64], renderIDs: [Int64], actor: String, detail: [String: Int64?],
                                now: Date) async throws -> [String] {
        try await write { session in
            var hexes: Set<String> = []
            for row in try await session.rows("""
                DELETE FROM photos WHERE id = ANY(\(photoIDs)) RETURNING sha256, thumb_sha256
                """) {
                hexes.formUnion([try row.value("sha256"), try row.value("thumb_sha256")])
            }
            for row in try await session.rows("DELETE FROM renders WHERE id = ANY(\(renderIDs)) RETURNING sha256") {
                hexes.insert(try row.value("sha256"))
            }
            try await Self.recordAudit(actor: actor, action: "orphans.cleanup", target: nil, detail: detail, now: now,
                                       in: session)
            var released: [String] = []
            for hex in hexes.sorted() where try await !Self.isReferenced(hex, in: session) { released.append(hex) }
            return released
        }
    }
}

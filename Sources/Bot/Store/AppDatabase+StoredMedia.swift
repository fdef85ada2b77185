import Foundation
import GRDB

/// Stored media for operators and the photo intake (admin API, /admin in Telegram, `sogreto
/// admin`): usage, per-user caps, purges, the budget and orphans; one set of queries so all agree.
extension AppDatabase {
    // MARK: - Storage

    public func storageReport(budget: MediaBudget?, top: Int) async throws -> StorageReport {
        try await writer.read { db in
            let formats = try Row.fetchAll(db, sql: """
                SELECT source_format, COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM photos
                GROUP BY source_format ORDER BY b DESC, source_format
                """).map { StorageReport.Usage(name: $0["source_format"], count: $0["n"], bytes: $0["b"]) }
            let kinds = try Row.fetchAll(db, sql: """
                SELECT kind, COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM renders
                GROUP BY kind ORDER BY b DESC, kind
                """).map { StorageReport.Usage(name: $0["kind"], count: $0["n"], bytes: $0["b"]) }
            let users = try Row.fetchAll(db, sql: """
                SELECT user_id, SUM(p) AS p, SUM(r) AS r, SUM(b) AS b FROM (
                    SELECT user_id, 1 AS p, 0 AS r, bytes AS b FROM photos
                    UNION ALL SELECT user_id, 0, 1, bytes FROM renders)
                GROUP BY user_id ORDER BY b DESC, user_id
                """).map { StorageReport.UserUsage(userID: $0["user_id"], photos: $0["p"], renders: $0["r"], bytes: $0["b"]) }
            let bytes = formats.reduce(0) { $0 + $1.bytes } + kinds.reduce(0) { $0 + $1.bytes }
            return StorageReport(usersWithMedia: users.count, photos: formats.reduce(0) { $0 + $1.count },
                                 renders: kinds.reduce(0) { $0 + $1.count }, bytes: bytes,
                                 bytesOnDisk: nil, blobFiles: nil, byFormat: formats, byRenderKind: kinds, budget: budget?.usage(of: bytes),
                                 topUsers: Array(users.prefix(top)))
        }
    }

    /// Bytes of media recorded in the photos and renders tables: what the budget counts.
    public func usedMediaBytes() async throws -> Int64 {
        try await writer.read { db in try Self.usedMediaBytes(db) }
    }

    static func usedMediaBytes(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: """
            SELECT (SELECT COALESCE(SUM(bytes), 0) FROM photos) + (SELECT COALESCE(SUM(bytes), 0) FROM renders)
            """) ?? 0
    }

    // MARK: - One user

    public func userMedia(_ userID: Int64) async throws -> UserMedia? {
        try await writer.read { db in try Self.userMedia(userID, db) }
    }

    static func userMedia(_ userID: Int64, _ db: Database) throws -> UserMedia? {
        guard let user = try UserRecord.fetchOne(db, key: userID) else { return nil }
        let photos = try Row.fetchAll(db, sql: """
            SELECT id, day, source_format, bytes, width, height, created_at FROM photos WHERE user_id = ? ORDER BY day, id
            """, arguments: [userID]).map {
            UserMedia.Photo(id: $0["id"], day: $0["day"], format: $0["source_format"], bytes: $0["bytes"],
                            width: $0["width"], height: $0["height"], createdAt: ($0["created_at"] as StoredDate).date)
        }
        let renders = try Row.fetchAll(db, sql: """
            SELECT id, kind, bytes, created_at FROM renders WHERE user_id = ? ORDER BY id
            """, arguments: [userID]).map {
            UserMedia.Render(id: $0["id"], kind: $0["kind"], bytes: $0["bytes"], createdAt: ($0["created_at"] as StoredDate).date)
        }
        return UserMedia(userID: userID, locale: user.locale, status: user.status.rawValue, kitCode: user.kitCode,
                         quota: MediaQuota(maxPhotos: user.maxPhotos, maxBytes: user.maxMediaBytes.map(Int64.init)),
                         photos: photos, renders: renders)
    }

    /// Changes a user's caps and writes the audit row in one transaction; nil when there is no such user.
    public func setQuota(userID: Int64, change: MediaQuota.Change, actor: String, now: Date) async throws -> MediaQuota? {
        try await writer.write { db in try Self.setQuota(userID: userID, change: change, actor: actor, now: now, db) }
    }

    static func setQuota(userID: Int64, change: MediaQuota.Change, actor: String, now: Date,
                         _ db: Database) throws -> MediaQuota? {
        guard var user = try UserRecord.fetchOne(db, key: userID) else { return nil }
        if let photos = change.maxPhotos { user.maxPhotos = photos }
        if let bytes = change.maxBytes { user.maxMediaBytes = bytes.map { Int($0) } }
        user.updatedAt = now
        try user.update(db)
        let quota = MediaQuota(maxPhotos: user.maxPhotos, maxBytes: user.maxMediaBytes.map(Int64.init))
        try recordAudit(actor: actor, action: "quota.set", target: "user:\(userID)",
                        detail: ["max_photos": Int64(quota.maxPhotos), "max_bytes": quota.maxBytes], now: now, db)
        return quota
    }

    public typealias PurgeResult = Bot.PurgeResult

    /// Deletes a user's photos and renders, tells them kindly (`notice` gets their locale) and
    /// writes the audit row, all in one transaction; nil when there is no such user.
    public func purgeMedia(userID: Int64, actor: String, notice: @Sendable (String) -> [OutboxAction],
                           now: Date) async throws -> PurgeResult? {
        try await writer.write { db in
            guard let user = try UserRecord.fetchOne(db, key: userID) else { return nil }
            let result = try Self.deleteMedia(of: userID, in: db)
            if result.photos + result.renders > 0 && user.blockedAt == nil {
                try Self.insertOutbox(notice(user.locale), chatID: userID, updateID: nil, priority: 0, dedupeKey: nil,
                                 now: now, in: db)
            }
            try Self.recordAudit(actor: actor, action: "media.purge", target: "user:\(userID)",
                            detail: ["photos": Int64(result.photos), "renders": Int64(result.renders), "bytes": result.bytes],
                            now: now, db)
            return result
        }
    }

    /// Whether a photo, a render or a photo held for the user's choice uses the blob (a held
    /// task names its keys in its payload: 64 hex digits, which LIKE matches literally).
    static func isReferenced(_ hex: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS(SELECT 1 FROM photos WHERE sha256 = ?1 OR thumb_sha256 = ?1)
                OR EXISTS(SELECT 1 FROM renders WHERE sha256 = ?1)
                OR EXISTS(SELECT 1 FROM media_tasks WHERE kind = 'ingest' AND state = 'held' AND payload LIKE '%' || ?1 || '%')
            """, arguments: [hex]) ?? false
    }

    // MARK: - Uploads and the budget

    /// Whether `userID` may store one more photo of about `incomingBytes`: the photo cap, the byte
    /// cap, then the global budget. The photo intake asks this before downloading.
    public func uploadAllowance(userID: Int64, incomingBytes: Int64, budget: MediaBudget?) async throws -> UploadAllowance {
        try await writer.read { db in
            let user = try UserRecord.fetchOne(db, key: userID)
            let quota = MediaQuota(maxPhotos: user?.maxPhotos, maxBytes: user?.maxMediaBytes.map(Int64.init))
            let photos = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM photos WHERE user_id = ?", arguments: [userID]) ?? 0
            if photos >= quota.maxPhotos { return .refused(.photoLimit) }
            if let cap = quota.maxBytes {
                let mine = try Int64.fetchOne(db, sql: """
                    SELECT (SELECT COALESCE(SUM(bytes), 0) FROM photos WHERE user_id = ?)
                         + (SELECT COALESCE(SUM(bytes), 0) FROM renders WHERE user_id = ?)
                    """, arguments: [userID, userID]) ?? 0
                if mine + incomingBytes > cap { return .refused(.byteLimit) }
            }
            if let budget, !budget.admits(incomingBytes, used: try Self.usedMediaBytes(db)) {
                return .refused(.budgetFull)
            }
            return .allowed
        }
    }

    /// Checks the budget and, the first time use crosses 90 %, queues one alert per admin in the
    /// same transaction that remembers the alert was sent. Returns whether alerts were queued.
    @discardableResult
    public func checkMediaBudget(_ budget: MediaBudget, adminIDs: Set<Int64>, alert: @Sendable (MediaBudget.Usage, _ locale: String) -> OutboxAction,
                                 now: Date) async throws -> Bool {
        try await writer.write { db in
            let used = try Self.usedMediaBytes(db)
            let armed = try String.fetchOne(db, sql: "SELECT value FROM bot_state WHERE key = 'media_budget_alert'") != "sent"
            let step = budget.alertStep(used: used, armed: armed)
            if step.armed != armed {
                try db.execute(sql: """
                    INSERT INTO bot_state(key, value) VALUES ('media_budget_alert', ?)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """, arguments: [step.armed ? "armed" : "sent"])
            }
            guard step.warn else { return false }
            for admin in adminIDs.sorted() {
                let locale = try String.fetchOne(db, sql: "SELECT locale FROM users WHERE id = ?", arguments: [admin])
                try Self.insertOutbox([alert(budget.usage(of: used), locale ?? BotStrings.defaultLocale)], chatID: admin, updateID: nil, priority: 0,
                                 dedupeKey: nil, now: now, in: db)
            }
            try Self.recordAudit(actor: "system", action: "budget.alert", target: nil,
                            detail: ["used_bytes": used, "budget_bytes": budget.bytes], now: now, db)
            return true
        }
    }
}

// MARK: - Orphans

extension AppDatabase {
    public func mediaReferences() async throws -> MediaReferences {
        try await writer.read { db in
            let photos = try Row.fetchAll(db, sql: "SELECT id, user_id, sha256, thumb_sha256 FROM photos ORDER BY id").map {
                MediaReferences.PhotoRow(id: $0["id"], userID: $0["user_id"], sha256: $0["sha256"], thumbSHA256: $0["thumb_sha256"])
            }
            let renders = try Row.fetchAll(db, sql: "SELECT id, user_id, kind, sha256, sources FROM renders ORDER BY id").map { row in
                let sources = (row["sources"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
                return MediaReferences.RenderRow(id: row["id"], userID: row["user_id"], kind: row["kind"],
                                                 sha256: row["sha256"], sources: sources)
            }
            return MediaReferences(photos: photos, renders: renders, held: try Self.heldPhotos(of: nil, in: db))
        }
    }

    /// Deletes broken media rows with the audit row in one transaction; returns the blob keys
    /// (hex) no remaining row refers to, for the caller to delete after the commit.
    public func deleteMediaRows(photoIDs: [Int64], renderIDs: [Int64], actor: String, detail: [String: Int64?],
                                now: Date) async throws -> [String] {
        try await writer.write { db in
            var hexes: Set<String> = []
            for id in photoIDs {
                if let row = try Row.fetchOne(db, sql: "SELECT sha256, thumb_sha256 FROM photos WHERE id = ?", arguments: [id]) {
                    hexes.formUnion([row["sha256"], row["thumb_sha256"]])
                }
                try db.execute(sql: "DELETE FROM photos WHERE id = ?", arguments: [id])
            }
            for id in renderIDs {
                if let hex = try String.fetchOne(db, sql: "SELECT sha256 FROM renders WHERE id = ?", arguments: [id]) {
                    hexes.insert(hex)
                }
                try db.execute(sql: "DELETE FROM renders WHERE id = ?", arguments: [id])
            }
            try Self.recordAudit(actor: actor, action: "orphans.cleanup", target: nil, detail: detail, now: now, db)
            return try hexes.filter { try !Self.isReferenced($0, db) }.sorted()
        }
    }
}

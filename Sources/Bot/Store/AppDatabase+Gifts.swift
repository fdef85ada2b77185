import Foundation
import GRDB

/// Gift invites on SQLite: the codes a gifter made and the friends who started on them. A code's
/// use is taken by one conditional UPDATE in the friend's update transaction, so two friends
/// racing for the last use cannot both win.
extension AppDatabase {
    static func registerGifting(_ migrator: inout DatabaseMigrator) {
        // Gifting seeds: a code per invite (single-use by default, expiring); a row per friend who
        // started on one, with the planting and completion the funnel counts. An erased gifter or
        // friend leaves the rows without their id (the counts stay, the person goes).
        migrator.registerMigration("v14-gifting") { db in
            try db.create(table: "gift_codes") { t in
                t.column("code", .text).primaryKey()
                t.column("gifter_id", .integer).indexed()
                t.column("program", .text).notNull()              // a program id, or "taste"
                t.column("max_uses", .integer).notNull()
                t.column("uses", .integer).notNull().defaults(to: 0)
                t.column("opens", .integer).notNull().defaults(to: 0) // opened by someone other than the gifter
                t.column("created_at", .datetime).notNull()
                t.column("expires_at", .datetime).notNull()
            }
            try db.create(table: "gift_redemptions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("code", .text).notNull().references("gift_codes", onDelete: .cascade)
                t.column("friend_id", .integer).indexed()
                t.column("redeemed_at", .datetime).notNull()
                t.column("planted_at", .datetime)
                t.column("completed_at", .datetime)
                t.uniqueKey(["code", "friend_id"])
            }
        }
    }

    public func giftInvite(_ code: String) async throws -> GiftInvite? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM gift_codes WHERE code = ?", arguments: [code]).map(Self.giftInvite)
        }
    }

    public func giftInvites(gifterID: Int64) async throws -> [GiftInvite] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM gift_codes WHERE gifter_id = ? ORDER BY created_at, code",
                             arguments: [gifterID]).map(Self.giftInvite)
        }
    }

    public func openGiftInvites(gifterID: Int64, now: Date) async throws -> Int {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM gift_codes WHERE gifter_id = ? AND uses < max_uses AND expires_at > ?",
                             arguments: [gifterID, now.stored]) ?? 0
        }
    }

    public func giftFunnel() async throws -> GiftFunnel {
        try await writer.read { db in
            try GiftFunnel.build(Row.fetchAll(db, sql: """
                SELECT c.program, COUNT(*) AS sent, SUM(CASE WHEN c.opens > 0 THEN 1 ELSE 0 END) AS opened,
                    COALESCE(SUM(r.started), 0) AS started, COALESCE(SUM(r.planted), 0) AS planted,
                    COALESCE(SUM(r.completed), 0) AS completed
                FROM gift_codes c LEFT JOIN (
                    SELECT code, COUNT(*) AS started, COUNT(planted_at) AS planted, COUNT(completed_at) AS completed
                    FROM gift_redemptions GROUP BY code) r ON r.code = c.code
                GROUP BY c.program
                """).map { row in
                GiftFunnel.Row(group: row["program"], sent: row["sent"], opened: row["opened"], started: row["started"],
                               planted: row["planted"], completed: row["completed"])
            })
        }
    }

    private static func giftInvite(_ row: Row) -> GiftInvite {
        GiftInvite(code: row["code"], gifterID: row["gifter_id"], choice: GiftChoice(stored: row["program"]),
                   maxUses: row["max_uses"], uses: row["uses"], createdAt: (row["created_at"] as StoredDate).date,
                   expiresAt: (row["expires_at"] as StoredDate).date)
    }

    /// The decision to save: itself when its redemption took a use of the code (or it has none),
    /// else the refusal it carries.
    static func settlingGiftRedemption(_ decision: Decision, now: Date, in db: Database) throws -> Decision {
        guard let redemption = decision.gifts.redemption else { return decision }
        let taken = try Int64.fetchOne(db, sql: """
            UPDATE gift_codes SET uses = uses + 1
            WHERE code = ?1 AND uses < max_uses AND expires_at > ?2 AND (gifter_id IS NULL OR gifter_id <> ?3)
              AND NOT EXISTS (SELECT 1 FROM gift_redemptions WHERE code = ?1 AND friend_id = ?3)
            RETURNING uses
            """, arguments: [redemption.code, now.stored, redemption.friendID]) != nil
        guard taken else { return redemption.refused.first ?? Decision(user: decision.user) }
        try db.execute(sql: "INSERT INTO gift_redemptions(code, friend_id, redeemed_at) VALUES (?, ?, ?)",
                       arguments: [redemption.code, redemption.friendID, now.stored])
        return decision
    }

    /// New invites, opened links and milestones; a friend's first planting queues the gifter's notice.
    static func saveGiftChanges(_ gifts: GiftChanges, updateID: Int64?, now: Date, in db: Database) throws {
        guard !gifts.isEmpty else { return }
        for invite in gifts.invites {
            try db.execute(sql: """
                INSERT INTO gift_codes(code, gifter_id, program, max_uses, uses, opens, created_at, expires_at)
                VALUES (?, ?, ?, ?, 0, 0, ?, ?)
                """, arguments: [invite.code, invite.gifterID, invite.choice.stored, invite.maxUses, now.stored, invite.expiresAt.stored])
        }
        if let code = gifts.opened {
            try db.execute(sql: "UPDATE gift_codes SET opens = opens + 1 WHERE code = ?", arguments: [code])
        }
        for milestone in gifts.milestones {
            switch milestone.kind {
            case .planted:
                let codes = try String.fetchAll(db, sql: """
                    UPDATE gift_redemptions SET planted_at = ? WHERE friend_id = ? AND planted_at IS NULL RETURNING code
                    """, arguments: [now.stored, milestone.friendID])
                for code in codes {
                    guard let gifter = try Row.fetchOne(db, sql: """
                        SELECT u.id, u.locale FROM gift_codes c JOIN users u ON u.id = c.gifter_id
                        WHERE c.code = ? AND u.blocked_at IS NULL
                        """, arguments: [code]),
                          let notice = milestone.notice[gifter["locale"]] ?? milestone.notice[BotStrings.defaultLocale] else { continue }
                    try insertOutbox([notice], chatID: gifter["id"], updateID: updateID, priority: 0, dedupeKey: nil, now: now, in: db)
                }
            case .completed:
                try db.execute(sql: "UPDATE gift_redemptions SET completed_at = ? WHERE friend_id = ? AND completed_at IS NULL",
                               arguments: [now.stored, milestone.friendID])
            }
        }
    }

    /// Erasure: the person leaves their invites and redemptions; the rows stay, anonymous, for the funnel.
    static func forgetGifts(of userID: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE gift_codes SET gifter_id = NULL WHERE gifter_id = ?", arguments: [userID])
        try db.execute(sql: "UPDATE gift_redemptions SET friend_id = NULL WHERE friend_id = ?", arguments: [userID])
    }
}

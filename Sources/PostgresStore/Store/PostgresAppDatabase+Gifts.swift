import Bot
import Foundation
import PostgresNIO

/// Gift invites on PostgreSQL. A code's use is taken by one conditional UPDATE in the friend's
/// update transaction: a second friend's UPDATE waits for the first's row lock and, once it
/// commits, finds no use left (READ COMMITTED re-checks the WHERE on the new row), so exactly one wins.
extension PostgresAppDatabase {
    public func giftInvite(_ code: String) async throws -> GiftInvite? {
        try await read { session in
            try await session.rows("SELECT \(unescaped: Self.giftColumns) FROM gift_codes WHERE code = \(code)")
                .first.map(Self.giftInvite)
        }
    }

    public func giftInvites(gifterID: Int64) async throws -> [GiftInvite] {
        try await read { session in
            try await session.rows("""
                SELECT \(unescaped: Self.giftColumns) FROM gift_codes WHERE gifter_id = \(gifterID) ORDER BY created_at, code
                """).map(Self.giftInvite)
        }
    }

    public func openGiftInvites(gifterID: Int64, now: Date) async throws -> Int {
        try await read { session in
            try await session.rows("""
                SELECT COUNT(*) AS open FROM gift_codes
                WHERE gifter_id = \(gifterID) AND uses < max_uses AND expires_at > \(now.milliseconds)
                """).first?.int("open") ?? 0
        }
    }

    public func giftFunnel() async throws -> GiftFunnel {
        try await read { session in
            GiftFunnel.build(try await session.rows("""
                SELECT c.program, COUNT(*) AS sent, COUNT(*) FILTER (WHERE c.opens > 0) AS opened,
                    COALESCE(SUM(r.started), 0)::BIGINT AS started, COALESCE(SUM(r.planted), 0)::BIGINT AS planted,
                    COALESCE(SUM(r.completed), 0)::BIGINT AS completed
                FROM gift_codes c LEFT JOIN (
                    SELECT code, COUNT(*) AS started, COUNT(planted_at) AS planted, COUNT(completed_at) AS completed
                    FROM gift_redemptions GROUP BY code) r ON r.code = c.code
                GROUP BY c.program
                """).map { row in
                GiftFunnel.Row(group: try row.value("program"), sent: try row.int("sent"), opened: try row.int("opened"),
                               started: try row.int("started"), planted: try row.int("planted"), completed: try row.int("completed"))
            })
        }
    }

    private static let giftColumns = "code, gifter_id, program, max_uses, uses, created_at, expires_at"

    private static func giftInvite(_ row: PostgresRandomAccessRow) throws -> GiftInvite {
        GiftInvite(code: try row.value("code"), gifterID: try row.value("gifter_id"),
                   choice: GiftChoice(stored: try row.value("program")), maxUses: try row.int("max_uses"),
                   uses: try row.int("uses"), createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"))
    }

    /// The decision to save: itself when its redemption took a use of the code (or it has none),
    /// else the refusal it carries.
    static func settlingGiftRedemption(_ decision: Decision, now: Date, in session: SQLSession) async throws -> Decision {
        guard let redemption = decision.gifts.redemption else { return decision }
        let code = redemption.code, friend = redemption.friendID
        let taken = try await !session.rows("""
            UPDATE gift_codes SET uses = uses + 1
            WHERE code = \(code) AND uses < max_uses AND expires_at > \(now.milliseconds)
              AND (gifter_id IS NULL OR gifter_id <> \(friend))
              AND NOT EXISTS (SELECT 1 FROM gift_redemptions WHERE code = \(code) AND friend_id = \(friend))
            RETURNING uses
            """).isEmpty
        guard taken else { return redemption.refused.first ?? Decision(user: decision.user) }
        try await session.execute("""
            INSERT INTO gift_redemptions (code, friend_id, redeemed_at) VALUES (\(code), \(friend), \(now.milliseconds))
            """)
        return decision
    }

    /// New invites, opened links and milestones; a friend's first planting queues the gifter's notice.
    static func saveGiftChanges(_ gifts: GiftChanges, updateID: Int64?, now: Date, in session: SQLSession) async throws {
        guard !gifts.isEmpty else { return }
        for invite in gifts.invites {
            try await session.execute("""
                INSERT INTO gift_codes (code, gifter_id, program, max_uses, uses, opens, created_at, expires_at)
                VALUES (\(invite.code), \(invite.gifterID), \(invite.choice.stored), \(Int64(invite.maxUses)), 0, 0,
                        \(now.milliseconds), \(invite.expiresAt.milliseconds))
                """)
        }
        if let code = gifts.opened {
            try await session.execute("UPDATE gift_codes SET opens = opens + 1 WHERE code = \(code)")
        }
        for milestone in gifts.milestones {
            switch milestone.kind {
            case .planted:
                let gifters = try await session.rows("""
                    WITH planted AS (
                        UPDATE gift_redemptions SET planted_at = \(now.milliseconds)
                        WHERE friend_id = \(milestone.friendID) AND planted_at IS NULL RETURNING code)
                    SELECT u.id, u.locale FROM planted p JOIN gift_codes c ON c.code = p.code JOIN users u ON u.id = c.gifter_id
                    WHERE u.blocked_at IS NULL ORDER BY p.code
                    """)
                for gifter in gifters {
                    let locale: String = try gifter.value("locale")
                    guard let notice = milestone.notice[locale] ?? milestone.notice[BotStrings.defaultLocale] else { continue }
                    try await insertOutbox([notice], chatID: try gifter.value("id"), updateID: updateID, priority: 0,
                                           dedupeKey: nil, now: now, in: session)
                }
            case .completed:
                try await session.execute("""
                    UPDATE gift_redemptions SET completed_at = \(now.milliseconds)
                    WHERE friend_id = \(milestone.friendID) AND completed_at IS NULL
                    """)
            }
        }
    }

    /// Erasure: the person leaves their invites and redemptions; the rows stay, anonymous, for the funnel.
    static func forgetGifts(of userID: Int64, in session: SQLSession) async throws {
        try await session.execute("UPDATE gift_codes SET gifter_id = NULL WHERE gifter_id = \(userID)")
        try await session.execute("UPDATE gift_redemptions SET friend_id = NULL WHERE friend_id = \(userID)")
    }
}

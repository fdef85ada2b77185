import Foundation

/// A new invite a gifter made, saved with the update that made it.
public struct NewGiftInvite: Sendable, Equatable {
    public var code: String
    public var gifterID: Int64
    public var choice: GiftChoice
    public var maxUses: Int
    public var expiresAt: Date

    init(code: String, gifterID: Int64, choice: GiftChoice, maxUses: Int, expiresAt: Date) {
        self.code = code
        self.gifterID = gifterID
        self.choice = choice
        self.maxUses = maxUses
        self.expiresAt = expiresAt
    }
}

/// A friend starting on an invite. The store takes one use of the code in the update's
/// transaction only if one is left and the code is still good; if not (another friend won the
/// last use meanwhile, or it just expired), it saves `refused` instead, decided beforehand.
public struct GiftRedemption: Sendable, Equatable {
    public var code: String
    public var friendID: Int64
    /// The decision to save when the code can no longer be redeemed (its own redemption is nil).
    public var refused: [Decision]

    init(code: String, friendID: Int64, refused: Decision) {
        self.code = code
        self.friendID = friendID
        self.refused = [refused]
    }
}

/// A step of a gifted friend's journey that the invite's funnel counts; planting also tells the
/// gifter, once, in their language (never anything the friend wrote).
public struct GiftMilestone: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case planted, completed
    }

    public var kind: Kind
    public var friendID: Int64
    /// The gifter's message by locale (planting only); the store picks the gifter's.
    public var notice: [String: OutboxAction]

    init(kind: Kind, friendID: Int64, notice: [String: OutboxAction] = [:]) {
        self.kind = kind
        self.friendID = friendID
        self.notice = notice
    }
}

/// What an update changes about gifts, saved in its transaction.
public struct GiftChanges: Sendable, Equatable {
    public var invites: [NewGiftInvite] = []
    /// A friend (not the gifter) opened this invite's link.
    public var opened: String?
    public var redemption: GiftRedemption?
    public var milestones: [GiftMilestone] = []

    init() {}

    public var isEmpty: Bool { invites.isEmpty && opened == nil && redemption == nil && milestones.isEmpty }
}

/// The invites of the funnel: made, opened by a friend, started, planted, completed.
public struct GiftFunnel: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        /// The program id, "taste", or "all".
        public var group: String
        public var sent: Int
        public var opened: Int
        public var started: Int
        public var planted: Int
        public var completed: Int

        public init(group: String, sent: Int = 0, opened: Int = 0, started: Int = 0, planted: Int = 0, completed: Int = 0) {
            self.group = group
            self.sent = sent
            self.opened = opened
            self.started = started
            self.planted = planted
            self.completed = completed
        }
    }

    public var total: Row
    public var byGift: [Row]

    init(total: Row, byGift: [Row]) {
        self.total = total
        self.byGift = byGift
    }

    public static let empty = GiftFunnel(total: Row(group: "all"), byGift: [])

    /// Sums rows per gift (as the store counts them) into the report.
    public static func build(_ rows: [Row]) -> GiftFunnel {
        var total = Row(group: "all")
        for row in rows {
            total.sent += row.sent
            total.opened += row.opened
            total.started += row.started
            total.planted += row.planted
            total.completed += row.completed
        }
        return GiftFunnel(total: total, byGift: rows.sorted { $0.group < $1.group })
    }
}

import Foundation

/// A stored invite as the friend's update is decided on it (read before deciding, like /admin's
/// figures); the redemption itself is settled atomically in the update's transaction.
public struct GiftInvite: Sendable, Equatable {
    public var code: String
    public var gifterID: Int64?
    public var choice: GiftChoice
    public var maxUses: Int
    public var uses: Int
    public var createdAt: Date
    public var expiresAt: Date

    public init(code: String, gifterID: Int64?, choice: GiftChoice, maxUses: Int, uses: Int, createdAt: Date, expiresAt: Date) {
        self.code = code
        self.gifterID = gifterID
        self.choice = choice
        self.maxUses = maxUses
        self.uses = uses
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What the processor gathered for one update about gifts (nothing for most updates).
public struct GiftFacts: Sendable, Equatable {
    /// `/start gift-<code>`: the code as typed and its invite (nil: no such invite).
    public var opened: (code: String, invite: GiftInvite?)?
    /// A fresh code for a gift chosen with this update's button.
    var freshCode: String?
    /// With a fresh code: how many of the gifter's invites are still open (nil: not known).
    var openInvites: Int?

    init(opened: (code: String, invite: GiftInvite?)? = nil, freshCode: String? = nil, openInvites: Int? = nil) {
        self.opened = opened
        self.freshCode = freshCode
        self.openInvites = openInvites
    }

    public static let none = GiftFacts()

    public static func == (lhs: GiftFacts, rhs: GiftFacts) -> Bool {
        lhs.opened?.code == rhs.opened?.code && lhs.opened?.invite == rhs.opened?.invite && lhs.freshCode == rhs.freshCode && lhs.openInvites == rhs.openInvites
    }
}

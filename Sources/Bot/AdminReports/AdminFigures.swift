import Foundation

/// What /admin in Telegram shows, read from the database before `Conversation.decide` runs (the
/// conversation stays a pure function). Only ever built for a user in `SOGRETO_ADMIN_IDS`.
public struct AdminFigures: Sendable, Equatable {
    public var storage: StorageReport
    public var funnel: FunnelReport
    /// The user an admin looked up (`/admin ID`, a user button or a quota button), when asked.
    var lookup: Int64?
    /// That user's media; nil when there is no such user.
    public var user: UserMedia?
    /// Declared experiments' reports, and the admin's own previews (experiment → variant).
    public var experiments: [ExperimentReport] = []
    var previews: [String: String] = [:]
    /// An admin's preview button changed what they see before the figures were read (the
    /// batch's later updates then see the previews as they are now).
    var experimentChanged = false

    init(storage: StorageReport, funnel: FunnelReport, lookup: Int64? = nil, user: UserMedia? = nil) {
        self.storage = storage
        self.funnel = funnel
        self.lookup = lookup
        self.user = user
    }
}

/// A quota change an admin made in Telegram, applied by the store with the update's transaction
/// and written to the audit log.
public struct QuotaChangeRequest: Sendable, Equatable {
    public var userID: Int64
    public var change: MediaQuota.Change
    public var actor: String
}

/// A start, stop or adoption an admin confirmed in Telegram, saved with its audit row in the
/// update's transaction (so a redelivered or stale press changes nothing twice).
public struct ExperimentDecisionRequest: Sendable, Equatable {
    public var decision: ExperimentDecision
    public var actor: String

    init(decision: ExperimentDecision, actor: String) {
        self.decision = decision
        self.actor = actor
    }
}

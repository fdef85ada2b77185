/// What handling one update decided: the user's new state, what to send, what to record.
/// Built by pure code and applied by the store in one transaction with the update's id.
public struct Decision: Sendable, Equatable {
    public var user: UserRecord?
    public var actions: [OutboxAction]
    public var events: [AnalyticsEvent]
    /// The user blocked the bot: drop what is still queued for them.
    public var cancelsPendingMessages = false
    /// Quota changes an admin made with /admin buttons (applied and audited in the same transaction).
    public var quotaChanges: [QuotaChangeRequest] = []
    /// Slow work to record with the update (photo ingest, renders), run by `MediaTaskRunner`.
    public var mediaTasks: [MediaTaskRequest] = []
    /// Changes to the user's photo diary (deletions, replacements).
    public var diaryChanges: [DiaryChange] = []

    public init(user: UserRecord? = nil, actions: [OutboxAction] = [], events: [AnalyticsEvent] = []) {
        self.user = user
        self.actions = actions
        self.events = events
    }

    public static let nothing = Decision()
}

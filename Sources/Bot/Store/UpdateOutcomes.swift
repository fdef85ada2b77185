import Foundation

/// What applying one update did (`Store.apply(updateID:…)`).
public enum ApplyOutcome: Sendable, Equatable {
    case applied(messages: Int)
    case duplicate
}

/// What applying an update did.
public struct AppliedUpdate: Sendable, Equatable {
    public var outcome: ApplyOutcome
    /// Media tasks recorded with it: the media runner has work.
    public var mediaTasks = 0

    public init(outcome: ApplyOutcome, mediaTasks: Int = 0) {
        self.outcome = outcome
        self.mediaTasks = mediaTasks
    }
}

/// What became of one update of a batch.
public enum BatchOutcome: Sendable, Equatable {
    /// `nextReminder`: the earliest due time of the reminders it planned or moved (nil: none), so
    /// the scheduler is woken only when it sleeps past it.
    case applied(messages: Int, mediaTasks: Int, nextReminder: Date? = nil)
    case duplicate
    /// Its handler failed: nothing of it was kept but the update id and the apology.
    case failed(reason: String)
}

import Foundation

/// How long the store keeps what only guards against repeats.
public enum StoreRetention {
    /// Telegram keeps an unconfirmed update for at most a day, so an id older than two days cannot
    /// come again: processed update ids are pruned by this age (webhook mode has no offset).
    public static let processedUpdates: TimeInterval = 2 * 86_400

    /// How long a claimed media task stays its claimer's. Past it the task counts as abandoned (an
    /// instance that died or hung) and is claimed again; before it, no other instance touches it.
    /// Far longer than any task runs (renders and ingests take seconds).
    public static let mediaTaskLease: TimeInterval = 300
}

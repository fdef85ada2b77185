import Foundation

/// How long the store keeps what only guards against repeats.
public enum StoreRetention {
    /// Telegram keeps an unconfirmed update for at most a day, so an id older than two days cannot
    /// come again: processed update ids are pruned by this age (webhook mode has no offset).
    public static let processedUpdates: TimeInterval = 2 * 86_400
}

import Foundation

/// What the crash drill checks in the store after its last kill: every update applied once,
/// nothing left pending, no reply failed but the repeats Telegram refuses, every user row sound.
public struct DeliveryAudit: Sendable, Equatable {
    public var updatesProcessed = 0
    /// Update ids with more than one outbox row (each drill update has exactly one reply).
    public var updatesAppliedTwice = 0
    public var pendingOutbox = 0
    /// Callback answers repeated after a kill, refused by Telegram as already answered.
    public var refusedRepeats = 0
    public var failedOutbox = 0
    public var users = 0
    public var inconsistentUsers = 0

    public init() {}

    /// A user row is sound when its status is one the bot knows, its JSON columns parse and its
    /// times are in order.
    public static func isSound(status: String, progress: String?, conversation: String?,
                               createdAt: Date?, lastActivityAt: Date?) -> Bool {
        guard UserRecord.Status(rawValue: status) != nil else { return false }
        for json in [progress, conversation].compactMap({ $0 }) {
            if (try? JSONSerialization.jsonObject(with: Data(json.utf8))) == nil { return false }
        }
        guard let createdAt, let lastActivityAt else { return false }
        return lastActivityAt >= createdAt
    }

    /// The callback answers Telegram refused because the query was already answered.
    package static func isRefusedRepeat(action: String, lastError: String?) -> Bool {
        action.contains("answerCallback") && (lastError?.contains("query is too old") ?? false)
    }
}

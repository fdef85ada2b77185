import BlobStore
import Foundation

/// A user's erasure as the store keeps it: a hashed id and the date, never the id itself, so an
/// update arriving later and a restored backup can be matched against it.
public struct Tombstone: Sendable, Equatable, Codable {
    /// `Tombstone.hash(of:)` of the Telegram user id.
    public var userHash: String
    public var erasedAt: Date

    public init(userHash: String, erasedAt: Date) {
        self.userHash = userHash
        self.erasedAt = erasedAt
    }

    /// SHA-256 of a fixed prefix and the id, as hex: the same on every engine and in every backup.
    public static func hash(of userID: Int64) -> String {
        BlobKey.of(Data("sogreto-erased-user:\(userID)".utf8)).hex
    }

    /// What audit rows name instead of `user:<id>` once the user is erased.
    public static func auditTarget(_ userHash: String) -> String {
        "erased:" + userHash.prefix(16)
    }
}

/// Who asked for an erasure and what the user is told; the store erases and queues the farewell
/// in one transaction.
public struct ErasureRequest: Sendable {
    /// "user" (the bot's /forget), "http", "cli:<operator>", "retention".
    public var actor: String
    /// The operator's reason (never shown to the user, kept with the tombstone).
    public var reason: String?
    /// The last message, in the user's language; nothing for a user who blocked the bot.
    public var farewell: @Sendable (_ locale: String) -> [OutboxAction]

    public init(actor: String, reason: String? = nil, farewell: @escaping @Sendable (_ locale: String) -> [OutboxAction]) {
        self.actor = actor
        self.reason = reason
        self.farewell = farewell
    }
}

/// What an erasure removed. `releasedBlobs` are blob keys (hex) no row refers to any more: a
/// `BlobErasureHandler` task deletes them after the commit.
public struct ErasureResult: Codable, Sendable, Equatable {
    public var userHash: String
    public var photos: Int
    public var renders: Int
    public var events: Int
    public var supportMessages: Int
    public var releasedBlobs: [String]

    public init(userHash: String, photos: Int, renders: Int, events: Int, supportMessages: Int, releasedBlobs: [String]) {
        self.userHash = userHash
        self.photos = photos
        self.renders = renders
        self.events = events
        self.supportMessages = supportMessages
        self.releasedBlobs = releasedBlobs
    }

    /// Audit detail: numbers only.
    package var auditDetail: [String: Int64?] {
        ["photos": Int64(photos), "renders": Int64(renders), "events": Int64(events),
         "support_messages": Int64(supportMessages), "blobs": Int64(releasedBlobs.count)]
    }
}

/// Outbox rows of the last message carry this dedupe key prefix: once sent (or given up) they are
/// deleted, so nothing addressed to the erased chat stays behind.
package enum Farewell {
    static let keyPrefix = "farewell:"

    package static func key(_ userHash: String, _ now: Date) -> String {
        keyPrefix + userHash.prefix(16) + ":" + String(Int64(now.timeIntervalSince1970 * 1000))
    }
}

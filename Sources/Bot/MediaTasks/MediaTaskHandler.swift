import Foundation

/// Runs one kind of media task (`media_tasks.kind`): the slow part outside any transaction,
/// then a commit that writes the result and the replies in one transaction.
///
/// The runner guarantees: a task runs at most once at a time, one task per user at a time (so a
/// user's tasks finish in the order they were recorded), and a task whose process died before its
/// commit is run again. So `perform` must be safe to repeat: write blobs content-addressed, make
/// no Telegram calls except reads such as getFile, and leave every database write to the commit.
///
/// Errors thrown by `perform` or the commit are retried with a growing delay, then the task fails
/// and the user gets a short apology. A problem the user can fix (a bad file) is not an error:
/// return a completion that replies with a kind explanation.
public protocol MediaTaskHandler: Sendable {
    /// The `media_tasks.kind` this handler runs.
    var kind: String { get }
    /// Does the slow work of `task` (download, decode, render; CPU work on `MediaWorkers`).
    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion
}

/// What a finished task writes, as a value: the store commits it in one transaction with the
/// task's replies (deduplicated per task) and the task's new state, on whichever engine it runs.
public enum MediaTaskCompletion: Sendable {
    /// Writes nothing but these replies.
    case reply([OutboxAction])
    /// Records a new render (nil: a cached one was reused) and sends these replies.
    case render(RenderRecord?, reply: [OutboxAction])
    /// Files an ingested photo into the user's diary (saved, duplicate, or held when the diary is
    /// full), deciding on the diary as it is in the finishing transaction.
    case filePhoto(PhotoFiling)
}

/// A render to remember in `renders`, so the same picture of the same photos is not drawn again.
public struct RenderRecord: Sendable, Equatable {
    public var kind: String
    public var cacheKey: String
    public var sha256: String
    public var bytes: Int
    /// The blob keys (hex) drawn into it.
    public var sources: [String]

    public init(kind: String, cacheKey: String, sha256: String, bytes: Int, sources: [String]) {
        self.kind = kind
        self.cacheKey = cacheKey
        self.sha256 = sha256
        self.bytes = bytes
        self.sources = sources
    }
}

/// What committing a completion came to.
public struct MediaTaskOutcome: Sendable, Equatable {
    /// Sent to the task's chat, in order, after the transaction commits.
    public var actions: [OutboxAction]
    /// Keeps the task (state `held`) with this new payload instead of closing it, e.g. a photo
    /// that waits for the user to choose which one it replaces.
    public var heldPayload: String?

    public init(actions: [OutboxAction], heldPayload: String? = nil) {
        self.actions = actions
        self.heldPayload = heldPayload
    }
}

import Foundation
import GRDB

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

/// What a finished task writes: `commit` runs inside the transaction that also stores its replies
/// (deduplicated per task) and closes the task; it gets the transaction's time.
public struct MediaTaskCompletion: Sendable {
    public let commit: @Sendable (_ db: Database, _ now: Date) throws -> MediaTaskOutcome

    public init(commit: @escaping @Sendable (_ db: Database, _ now: Date) throws -> MediaTaskOutcome) {
        self.commit = commit
    }

    /// Writes nothing but these replies.
    public static func reply(_ actions: [OutboxAction]) -> MediaTaskCompletion {
        MediaTaskCompletion { _, _ in MediaTaskOutcome(actions: actions) }
    }
}

/// The result of a commit.
public struct MediaTaskOutcome: Sendable {
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

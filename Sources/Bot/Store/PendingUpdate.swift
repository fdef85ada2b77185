import Foundation

/// One update of a poll batch, ready to apply: how to decide, and what to say if deciding fails.
public struct PendingUpdate: Sendable {
    public var updateID: Int64
    public var userID: Int64?
    public var chatID: Int64?
    /// Decides with the user and their photo diary, both read in the batch's transaction.
    public var decide: @Sendable (UserRecord?, PhotoDiary) throws -> Decision
    /// The gentle apology queued when `decide` (or saving its decision) fails.
    public var apology: [OutboxAction]

    package init(updateID: Int64, userID: Int64?, chatID: Int64?, apology: [OutboxAction],
                decide: @escaping @Sendable (UserRecord?, PhotoDiary) throws -> Decision) {
        self.updateID = updateID
        self.userID = userID
        self.chatID = chatID
        self.decide = decide
        self.apology = apology
    }
}

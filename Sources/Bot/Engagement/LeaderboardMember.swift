import Foundation

/// One person on the opt-in board, as the store reads them: what "days practised this week" is
/// counted from. The id never leaves the bot: the board shows counts only.
public struct LeaderboardMember: Sendable, Equatable {
    public var userID: Int64
    /// `users.progress` as stored (JSON); nil after a forget.
    public var progress: String?
    public var timezone: String

    public init(userID: Int64, progress: String?, timezone: String) {
        self.userID = userID
        self.progress = progress
        self.timezone = timezone
    }
}

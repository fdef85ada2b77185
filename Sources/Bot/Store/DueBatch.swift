import Foundation

/// Due jobs and their users as a read saw them, for dispatching outside the writer; the claim
/// compares each user with their row at claim time and dispatches again whoever changed.
public struct DueBatch: Sendable {
    /// Readable jobs, oldest first.
    public var jobs: [DueJob] = []
    /// Rows read (readable or not): a full batch means more may be due.
    public var count = 0
    /// Jobs of a kind this version does not know.
    public var unreadable: [Int64] = []
    /// Users in order of their first job.
    public var userIDs: [Int64] = []
    /// Each user as read; absent for a user without a row.
    public var users: [Int64: UserRecord] = [:]

    public init(count: Int = 0) {
        self.count = count
    }

    public func jobs(of userID: Int64) -> [DueJob] { jobs.filter { $0.job.userID == userID } }

    public func user(_ id: Int64) -> UserRecord? { users[id] }
}

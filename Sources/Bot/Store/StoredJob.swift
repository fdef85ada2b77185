import Foundation

/// A job row as stored, with its state.
public struct StoredJob: Sendable, Equatable {
    public var id: Int64
    public var job: PlannedJob
    public var state: String

    public init(id: Int64, job: PlannedJob, state: String) {
        self.id = id
        self.job = job
        self.state = state
    }
}

/// How much one claiming transaction fired.
public struct FiredJobs: Sendable, Equatable {
    public var jobs = 0
    public var messages = 0

    public init(jobs: Int = 0, messages: Int = 0) {
        self.jobs = jobs
        self.messages = messages
    }
}

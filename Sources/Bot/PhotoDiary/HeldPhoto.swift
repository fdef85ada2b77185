/// A normalised photo kept in its ingest task (state `held`) until the user chooses.
public struct HeldPhoto: Sendable, Equatable {
    public var taskID: Int64
    public var day: Int

    public init(taskID: Int64, day: Int) {
        self.taskID = taskID
        self.day = day
    }
}

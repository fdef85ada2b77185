/// What the monitor saw in one look.
public struct AlertReading: Sendable, Equatable {
    /// Errors logged within the window.
    public var errors: Int
    /// 429 replies within the window.
    public var rateLimits: Int
    /// Outbox rows due for longer than the backlog age.
    public var backlog: Int
    /// Free space on the data directory's disk, percent; nil when it could not be read.
    public var diskFreePercent: Double?

    public init(errors: Int, rateLimits: Int, backlog: Int, diskFreePercent: Double?) {
        self.errors = errors
        self.rateLimits = rateLimits
        self.backlog = backlog
        self.diskFreePercent = diskFreePercent
    }
}

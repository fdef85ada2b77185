/// A media task that could not run; the description says why, without user data.
public struct MediaTaskError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension MediaTaskError: SafelyDescribedError {
    public var safeDescription: String { description }
}

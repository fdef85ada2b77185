/// Why the sandbox could not do something, in one sentence that says what to do.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

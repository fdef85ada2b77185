/// Why the sandbox could not do something, in one sentence that says what to do.
package struct SandboxError: Error, Sendable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}

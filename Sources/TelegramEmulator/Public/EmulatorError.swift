import Foundation

/// Why an emulator call failed, in one sentence.
public struct EmulatorError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

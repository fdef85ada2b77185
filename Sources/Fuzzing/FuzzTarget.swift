import Foundation

/// One parser of untrusted input under fuzzing: its name (also its corpus folder), the tokens its
/// format uses, and how to build the function that feeds it one input.
package struct FuzzTarget: Sendable {
    /// Feeds one input to the real parser; returns whether it was accepted. Throwing an error is
    /// a refusal (fine); throwing `PropertyViolation` is a finding.
    typealias Feed = (Data) throws -> Bool

    package let name: String
    package let summary: String
    let dictionary: [[UInt8]]
    /// Inputs are cut to this size: big enough for the seeds, small enough to stay quick.
    let maxInputBytes: Int
    /// Builds the feed once per run (temporary folders, fixtures); `repository` is the checkout root.
    let prepare: @Sendable (_ repository: URL, _ scratch: URL) throws -> Feed

    init(_ name: String, _ summary: String, tokens: [String] = [], bytes: [[UInt8]] = [], maxInputBytes: Int = 64 * 1024,
         prepare: @escaping @Sendable (URL, URL) throws -> Feed) {
        self.name = name
        self.summary = summary
        dictionary = tokens.map { Array($0.utf8) } + bytes
        self.maxInputBytes = maxInputBytes
        self.prepare = prepare
    }
}

/// A parser returned something it must never return (not a crash, but as wrong).
struct PropertyViolation: Error, CustomStringConvertible {
    let description: String
}

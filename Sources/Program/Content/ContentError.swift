/// The Program module's error: content that cannot be used, with every problem found (not just
/// the first), so a content writer fixes everything in one round.
public struct ContentError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [ContentProblem]

    public init(problems: [ContentProblem]) { self.problems = problems }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "Program content is invalid (\(count)); fix them and run `sogreto content check`:\n"
            + problems.map(\.description).joined(separator: "\n")
    }
}

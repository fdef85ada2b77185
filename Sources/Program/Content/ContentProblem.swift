/// One thing wrong with program content: which file, where inside it, and what to fix.
public struct ContentProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file, relative to the assets folder (for example `programs/microgreens/ru.json`).
    public let file: String
    /// Where in the file, as a JSON path from the root `$` (for example `$.stages[2].steps[0].id`).
    public let jsonPath: String
    public let message: String

    public init(file: String, jsonPath: String, message: String) {
        self.file = file
        self.jsonPath = jsonPath
        self.message = message
    }

    /// `file: jsonPath: message`, the line `sogreto content check` prints.
    public var description: String { "\(file): \(jsonPath): \(message)" }
}

/// One thing wrong with the audio catalog: which file, where in it, and what to fix.
public struct AudioProblem: Sendable, Equatable, CustomStringConvertible {
    /// The manifest as problems name it (for example `audio/manifest.json`).
    public let file: String
    /// A JSON path inside the manifest (for example `$.tracks[3].file`).
    public let jsonPath: String
    public let message: String
    /// The manifest entry at fault, when the problem is one entry's (the bot serves text for it).
    public let trackIndex: Int?

    public init(file: String, jsonPath: String, message: String, trackIndex: Int? = nil) {
        self.file = file
        self.jsonPath = jsonPath
        self.message = message
        self.trackIndex = trackIndex
    }

    /// `file: jsonPath: message`, the line `sogreto content check` prints.
    public var description: String { "\(file): \(jsonPath): \(message)" }
}

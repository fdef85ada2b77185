public import Program

/// One track to produce: what to say, for which step, theme or stage.
public struct NarrationJob: Sendable, Equatable {
    public let program: String
    public let locale: String
    public let target: AudioTarget
    /// Plain-text title for the manifest and the ID3 tag ("Planting · Sowing").
    public let title: String
    public let narration: Narration
    /// The practice the track belongs to: a stage of steps, a theme, or the manifesto. A
    /// practice's length is the sum of its tracks.
    public let practice: String

    /// The file path under the audio folder.
    public var generatedFile: String { "generated/\(program)/\(locale)/\(target.slug).mp3" }
}

import Program

/// One track to produce: what to say, for which step, theme or stage.
struct NarrationJob: Sendable, Equatable {
    let program: String
    let locale: String
    let target: AudioTarget
    /// Plain-text title for the manifest and the ID3 tag ("Planting · Sowing").
    let title: String
    let narration: Narration
    /// The practice the track belongs to: a stage of steps, a theme, or the manifesto. A
    /// practice's length is the sum of its tracks.
    let practice: String

    /// The file path under the audio folder.
    var generatedFile: String { "generated/\(program)/\(locale)/\(target.slug).mp3" }
}

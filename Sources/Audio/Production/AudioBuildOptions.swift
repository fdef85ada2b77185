public import Foundation

/// Settings of one `sogreto audio build`.
public struct AudioBuildOptions: Sendable {
    /// The audio folder: `manifest.json` is written here, tracks under `generated/`, studio
    /// recordings are looked up under `studio/`.
    public var audioDirectory: URL
    /// Tools run at once (the machine's cores is the sensible most).
    public var workers: Int
    /// How far the bed sits under the voice's speech level, in dB (the contract is at least 18).
    public var bedMarginDB: Double
    /// Only these programs (nil: all). Other programs' entries in an existing manifest are kept.
    public var programs: Set<String>?
    /// Only these locales (nil: every locale that has a voice).
    public var locales: Set<String>?
    /// Keep `<name>.voice.wav` and `<name>.bed.wav` stems here, to measure the mix.
    public var stemsDirectory: URL?
    /// Render every track even when the previous build's file matches its script and settings.
    public var rebuildAll: Bool

    public init(audioDirectory: URL, workers: Int = 2, bedMarginDB: Double = 24, programs: Set<String>? = nil,
                locales: Set<String>? = nil, stemsDirectory: URL? = nil, rebuildAll: Bool = false) {
        self.rebuildAll = rebuildAll
        self.audioDirectory = audioDirectory
        self.workers = workers
        self.bedMarginDB = bedMarginDB
        self.programs = programs
        self.locales = locales
        self.stemsDirectory = stemsDirectory
    }
}

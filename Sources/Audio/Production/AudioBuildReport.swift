/// What `AudioBuilder.build` produced.
public struct AudioBuildReport: Sendable {
    public struct BuiltTrack: Sendable {
        public let track: AudioTrack
        /// true for a studio recording taken from `audio/studio/`, false for generated narration.
        public let isStudio: Bool
        /// Taken from the previous build: its script, voice and mix settings did not change.
        public let isReused: Bool
        /// Speech level of the voice stem (dBFS, silences excluded); nil for studio recordings.
        public let voiceDBFS: Double?
        /// RMS of the bed in the mix (dBFS); nil for studio recordings.
        public let bedDBFS: Double?
        /// The hash of what a generated track was made from (`AudioManifest.Entry.source`).
        package let source: String?
    }

    /// A practice's length: the sum of its tracks (a stage's steps, a theme, the manifesto).
    public struct Practice: Sendable {
        public let program: String
        public let locale: String
        public let id: String
        public let seconds: Double
        public let trackCount: Int

        /// Full practices last 3 to 10 minutes.
        static let bounds: ClosedRange<Double> = 180...600
        public var isWithinBounds: Bool { Self.bounds.contains(seconds) }
    }

    public let tracks: [BuiltTrack]
    public let practices: [Practice]
    public let manifest: AudioManifest
    /// Wall-clock seconds the build took (measured by the caller's clock).
    public var elapsedSeconds: Double = 0
}

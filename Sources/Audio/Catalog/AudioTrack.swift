public import Foundation

/// One narrated recording in the catalog, as the bot sends it with `sendAudio`.
public struct AudioTrack: Sendable, Equatable {
    public let program: String
    public let locale: String
    public let target: AudioTarget
    /// The file's path relative to the audio folder, as the manifest lists it.
    public let file: String
    /// The file on disk.
    public let url: URL
    /// The `title` for `sendAudio`.
    public let title: String
    /// Who speaks (a studio narrator, or the placeholder TTS voice).
    public let narrator: String
    public let durationSeconds: Double
    /// SHA-256 of the file as 64 lowercase hex digits; the key for caching Telegram's `file_id`.
    public let sha256: String
    /// The file's size and mtime when the manifest was written (nil in older manifests): while
    /// they still match, validation trusts the file instead of reading it again.
    public let stamp: FileStamp?
    /// The hash of the narration script the recording was made from (NarrationScripts); nil in
    /// catalogs written before scripts were kept or by hand.
    public let script: String?

    public init(program: String, locale: String, target: AudioTarget, file: String, url: URL, title: String,
                narrator: String, durationSeconds: Double, sha256: String, stamp: FileStamp? = nil, script: String? = nil) {
        self.stamp = stamp
        self.script = script
        self.program = program
        self.locale = locale
        self.target = target
        self.file = file
        self.url = url
        self.title = title
        self.narrator = narrator
        self.durationSeconds = durationSeconds
        self.sha256 = sha256
    }

    /// Whole seconds, the `duration` parameter of `sendAudio`.
    public var durationWholeSeconds: Int { Int(durationSeconds.rounded()) }
}

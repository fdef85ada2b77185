public import Foundation
public import Program

/// The narrated tracks the bot can send, read from `audio/manifest.json`.
///
/// At start the bot calls `load(from:)` and then `validated(against:)`: broken entries come back
/// as problems (to log and tell admins) and are left out of the returned catalog, so a lookup for
/// them finds nothing and the bot serves text instead.
public struct AudioCatalog: Sendable {
    /// The folder track files are relative to (the manifest's folder).
    public let directory: URL
    /// The manifest as problems name it (`audio/manifest.json`).
    let manifestName: String
    /// Entries that decoded, in manifest order.
    public let tracks: [AudioTrack]
    /// Manifest index of each track (problems point at manifest entries).
    let indices: [Int]
    /// Entries left out while decoding (missing fields, a bad target).
    let loadProblems: [AudioProblem]

    /// No audio at all: every step is served as text.
    package static func empty(directory: URL) -> AudioCatalog {
        AudioCatalog(directory: directory, manifestName: "audio/manifest.json", tracks: [], indices: [], loadProblems: [])
    }

    static let maximumManifestBytes: Int64 = 16 << 20

    /// Reads a manifest; throws only when the file as a whole is missing or unreadable.
    public static func load(from manifestURL: URL) throws(AudioError) -> AudioCatalog {
        // A real manifest is a few kilobytes; a huge one is a mistake and would be read whole.
        let size = ((try? FileManager.default.attributesOfItem(atPath: manifestURL.path))?[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= maximumManifestBytes else {
            throw AudioError(.manifestInvalid, "the audio manifest \(manifestURL.path) is \(size >> 20) MB; "
                             + "a manifest may be at most \(maximumManifestBytes >> 20) MB")
        }
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw AudioError(.manifestMissing, "no audio manifest at \(manifestURL.path); run `sogreto audio build`")
        }
        let manifest = try AudioManifest.decode(data)
        let name = manifestURL.deletingLastPathComponent().lastPathComponent + "/" + manifestURL.lastPathComponent
        return AudioManifestReader(manifest: manifest, directory: manifestURL.deletingLastPathComponent(), name: name).catalog()
    }

    init(directory: URL, manifestName: String, tracks: [AudioTrack], indices: [Int], loadProblems: [AudioProblem]) {
        self.directory = directory
        self.manifestName = manifestName
        self.tracks = tracks
        self.indices = indices
        self.loadProblems = loadProblems
    }

    /// The recording of a step (`step` non-nil) or of a stage without steps such as the
    /// manifesto (`step` nil). The locale is the content locale the user reads in.
    public func track(program: String, locale: String, stage: String, step: String?) -> AudioTrack? {
        let target: AudioTarget = step.map { .step(stage: stage, step: $0) } ?? .stage(stage)
        return track(program: program, locale: locale, target: target)
    }

    /// The recording of a daily theme.
    public func track(program: String, locale: String, theme: String) -> AudioTrack? {
        track(program: program, locale: locale, target: .theme(theme))
    }

    public func track(program: String, locale: String, target: AudioTarget) -> AudioTrack? {
        tracks.first { $0.program == program && $0.locale == locale && $0.target == target }
    }

    /// Every problem: entries that did not decode, references to content that does not exist,
    /// and files that are missing, not 128 kbps CBR MPEG-1 Layer III, of another length than
    /// the manifest says, or with another checksum.
    func validate(against programs: ProgramCatalog) -> [AudioProblem] {
        validated(against: programs).problems
    }

    /// The catalog without its broken entries, and the problems that removed them.
    public func validated(against programs: ProgramCatalog) -> (catalog: AudioCatalog, problems: [AudioProblem]) {
        let validator = AudioTrackValidator(programs: programs, manifestName: manifestName, scripts: NarrationScripts(programs: programs))
        var problems = loadProblems
        var kept: [AudioTrack] = []
        var keptIndices: [Int] = []
        var seen = Set<String>()
        for (track, index) in zip(tracks, indices) {
            var trackProblems = validator.problems(with: track, index: index)
            let key = "\(track.program)/\(track.locale)/\(track.target.slug)"
            if !seen.insert(key).inserted {
                trackProblems.append(AudioProblem(file: manifestName, jsonPath: "$.tracks[\(index)]",
                                                  message: "a second track for \(track.program) \(track.locale) \(track.target); keep one",
                                                  trackIndex: index))
            }
            problems += trackProblems
            if trackProblems.isEmpty {
                kept.append(track)
                keptIndices.append(index)
            }
        }
        let catalog = AudioCatalog(directory: directory, manifestName: manifestName, tracks: kept, indices: keptIndices, loadProblems: [])
        return (catalog, problems)
    }
}

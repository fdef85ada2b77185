import BlobStore
import Foundation
public import Program

/// The script each recording is made from, as a hash: the manifest keeps the hash a track was
/// rendered (or a studio file catalogued) from, and a track whose script changed since is stale.
/// It is served as text until `sogreto audio build` renders it again.
public struct NarrationScripts: Sendable {
    /// Current hashes by "program/locale/target slug".
    private let hashes: [String: String]

    public init(programs: ProgramCatalog) {
        var hashes: [String: String] = [:]
        for program in programs.programs {
            for job in NarrationPlanner.jobs(for: program) { hashes[Self.key(job.program, job.locale, job.target)] = job.scriptHash }
        }
        self.hashes = hashes
    }

    /// The hash of what `track` should say now; nil when the content has no such track.
    public func currentHash(of track: AudioTrack) -> String? {
        hashes[Self.key(track.program, track.locale, track.target)]
    }

    /// Whether the track was made from another script than the current one. A track that records
    /// no script (a catalog written by hand or before scripts were kept) cannot be judged.
    public func isStale(_ track: AudioTrack) -> Bool {
        guard let script = track.script, let current = currentHash(of: track) else { return false }
        return script != current
    }

    static func key(_ program: String, _ locale: String, _ target: AudioTarget) -> String {
        "\(program)/\(locale)/\(target.slug)"
    }

    /// The hash of a narration's words and silences, in a stable written form.
    static func hash(of narration: Narration) -> String {
        let written = narration.parts.map { part in
            switch part {
            case .speech(let words): return words
            case .pause(let seconds): return "{pause:\(seconds)}"
            }
        }.joined(separator: "\n")
        return BlobKey.of(Data(("script 1\n" + written).utf8)).hex
    }
}

extension NarrationJob {
    /// The hash of the script this track says (`NarrationScripts.hash(of:)`).
    var scriptHash: String { NarrationScripts.hash(of: narration) }
}

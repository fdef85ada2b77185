import Audio
import Foundation
import Logging
import Program

/// The recordings the bot may send in place of a practice's text: the audio catalog as loaded
/// and validated at start, without its broken entries (those practices go as text).
public struct NarrationLibrary: Sendable {
    let catalog: AudioCatalog?

    /// No recordings: every practice goes as text.
    public static let none = NarrationLibrary(catalog: nil)

    init(catalog: AudioCatalog?) {
        self.catalog = catalog
    }

    public var trackCount: Int { catalog?.tracks.count ?? 0 }

    /// The recording of what a message shows, in the locale its text was taken from.
    public func track(program: String, for content: NarratedContent) -> AudioTrack? {
        catalog?.track(program: program, locale: content.locale, target: AudioTarget(content.item))
    }

    /// Whether anything of this program (any, when nil) can be listened to, in `locale` when
    /// given: else the bot does not offer audio.
    func hasTracks(program: String?, locale: String? = nil) -> Bool {
        guard let catalog else { return false }
        return catalog.tracks.contains { track in
            (program.map { track.program == $0 } ?? true) && (locale.map { track.locale == $0 } ?? true)
        }
    }

    /// Loads `manifest.json` from `directory` and checks every entry against the content and its
    /// file. Never throws: a missing catalog means text only (one log line), a broken entry is
    /// logged and returned among the problems, which the runtime reports to admins.
    public static func load(directory: URL, programs: ProgramCatalog, logger: Logger)
        -> (library: NarrationLibrary, problems: [AudioProblem]) {
        let manifest = directory.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            logger.info("no audio catalog: practices go as text; `sogreto audio build` makes one",
                        metadata: ["manifest": "\(manifest.path)"])
            return (.none, [])
        }
        let loaded: AudioCatalog
        do {
            loaded = try AudioCatalog.load(from: manifest)
        } catch {
            logger.error("audio catalog unreadable: practices go as text", metadata: ["error": "\(ErrorSummary.of(error))"])
            let name = directory.lastPathComponent + "/manifest.json" // as the catalog names it in problems
            return (.none, [AudioProblem(file: name, jsonPath: "$", message: error.description)])
        }
        let (catalog, problems) = loaded.validated(against: programs)
        for problem in problems {
            logger.warning("audio entry broken: served as text", metadata: ["problem": "\(problem)"])
        }
        logger.info("audio catalog loaded", metadata: ["tracks": "\(catalog.tracks.count)", "broken": "\(problems.count)"])
        return (NarrationLibrary(catalog: catalog), problems)
    }
}

extension AudioTarget {
    init(_ item: NarratedContent.Item) {
        switch item {
        case let .step(stage, step): self = .step(stage: stage, step: step)
        case .theme(let theme): self = .theme(theme)
        case .stage(let stage): self = .stage(stage)
        }
    }
}

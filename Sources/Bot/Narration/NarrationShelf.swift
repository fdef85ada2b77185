import Audio
import Foundation
import Logging
import NIOPosix
import Program
import Synchronization

/// The narration library the bot serves right now. It is swapped whole when `manifest.json`
/// appears or changes (a background build finished, an operator ran `sogreto audio build`), so
/// a running bot starts offering audio without a restart. Each update decides on one snapshot.
public final class NarrationShelf: Sendable {
    let directory: URL
    let programs: ProgramCatalog
    let logger: Logger
    private let state: Mutex<(library: NarrationLibrary, manifest: FileStamp?)>

    /// Loads the catalog as it is now (see `NarrationLibrary.load`).
    init(directory: URL, programs: ProgramCatalog, logger: Logger) {
        self.directory = directory
        self.programs = programs
        self.logger = logger
        let stamp = FileStamp.of(directory.appendingPathComponent("manifest.json"))
        let (library, problems) = NarrationLibrary.load(directory: directory, programs: programs, logger: logger)
        state = Mutex((library, stamp))
        startingProblems = problems
    }

    /// Broken entries found by the first load, for the admins' message.
    let startingProblems: [AudioProblem]

    public var library: NarrationLibrary { state.withLock { $0.library } }

    var manifestURL: URL { directory.appendingPathComponent("manifest.json") }

    /// Loads the catalog again when the manifest's size or mtime moved since the last load.
    /// Returns true when a new library was swapped in.
    @discardableResult
    func reloadIfChanged() -> Bool {
        let stamp = FileStamp.of(manifestURL)
        guard stamp != state.withLock({ $0.manifest }) else { return false }
        let (library, _) = NarrationLibrary.load(directory: directory, programs: programs, logger: logger)
        state.withLock { $0 = (library, stamp) }
        logger.info("narration catalog ready: \(library.trackCount) recordings", metadata: ["tracks": "\(library.trackCount)"])
        return true
    }

    /// Without a manifest, or with recordings made from an older script (or recording none),
    /// narrates every program with `sogreto audio build`'s builder on a pool of its own (one
    /// tool at a time, so the bot keeps answering; unchanged tracks are kept, not rendered); the
    /// watch swaps the catalog in when the manifest is written. Stale recordings are served as
    /// text meanwhile. Returns false when the catalog is current or the tools are missing.
    @discardableResult
    public func buildIfMissingOrStale() -> Bool {
        let reason: String
        if !FileManager.default.fileExists(atPath: manifestURL.path) {
            reason = "narration catalog missing: building in the background"
        } else if let stale = staleRecordings(), stale > 0 {
            reason = "narration catalog has \(stale) recording(s) of an older script: making them again in the background"
        } else {
            return false
        }
        let tools: AudioTools
        do {
            tools = try AudioTools.locate()
        } catch {
            logger.info("narration catalog missing and cannot be built here: practices go as text",
                        metadata: ["reason": "\(error.description)"])
            return false
        }
        logger.info("\(reason)")
        let builder = AudioBuilder(tools: tools, options: AudioBuildOptions(audioDirectory: directory, workers: 1))
        let programs = programs, logger = logger
        // Minutes of rendering: a one-thread pool that ends with the build, since on the shared
        // pool (a thread per core) it would hold back the blob store and backups meanwhile.
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        pool.submit { state in
            defer { pool.shutdownGracefully { _ in } }
            guard state == .active else { return }
            do {
                let report = try builder.build(programs: programs)
                logger.info("narration catalog built", metadata: ["tracks": "\(report.tracks.count)"])
            } catch {
                logger.error("narration catalog build failed: practices go as text", metadata: ["error": "\(ErrorSummary.of(error))"])
            }
        }
        return true
    }

    /// Generated recordings whose script changed or was never recorded; nil when the manifest is unreadable.
    func staleRecordings() -> Int? {
        guard let catalog = try? AudioCatalog.load(from: manifestURL) else { return nil }
        let scripts = NarrationScripts(programs: programs)
        return catalog.tracks.filter { track in
            scripts.isStale(track) || (track.script == nil && track.file.hasPrefix("generated/") && scripts.currentHash(of: track) != nil)
        }.count
    }
}

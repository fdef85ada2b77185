import Audio
import Foundation
import Logging
import Program
import Testing
import TestSupport
@testable import Bot

/// The bot offers a recording only while it says the current script: after an edit, the
/// recording of the changed step is served as text, the start's background build makes it again,
/// and the running bot offers it once the new manifest is written.
@Suite(.enabled(if: (try? AudioTools.locate()) != nil, "espeak-ng, sox and lame are needed: apt-get install -y espeak-ng sox lame"))
struct StaleNarrationTests {
    static let root = Repository.root
    static let locales = root.appendingPathComponent("assets/locales")
    let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    /// The tiny hum program (Tests/AudioTests/Fixtures), optionally with its Russian breath step rewritten.
    static func hum(edited: Bool, in folder: URL) throws -> ProgramCatalog {
        let programs = folder.appendingPathComponent(edited ? "edited" : "original")
        try FileManager.default.createDirectory(at: programs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("Tests/AudioTests/Fixtures/programs/hum"),
                                         to: programs.appendingPathComponent("hum"))
        if edited {
            let ru = programs.appendingPathComponent("hum/ru.json")
            try String(contentsOf: ru, encoding: .utf8).replacingOccurrences(of: "Вдохни. {pause:2} Выдохни.", with: "Вдохни медленно. {pause:3} Выдохни.")
                .write(to: ru, atomically: true, encoding: .utf8)
        }
        return try ProgramCatalog.load(from: programs, uiStrings: locales)
    }

    @Test func aRecordingOfAnOlderScriptIsServedAsTextUntilTheBackgroundBuildMakesItAgain() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-stale-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let audio = folder.appendingPathComponent("audio")
        try FileManager.default.createDirectory(at: audio, withIntermediateDirectories: true)
        // Given a catalog built from the original scripts
        let tools = try AudioTools.locate()
        _ = try AudioBuilder(tools: tools, options: AudioBuildOptions(audioDirectory: audio)).build(programs: try Self.hum(edited: false, in: folder))
        let breathe = NarratedContent.Item.step(stage: "start", step: "breathe")
        // When the bot starts on content whose Russian breath step was rewritten since
        let edited = try Self.hum(edited: true, in: folder)
        let shelf = NarrationShelf(directory: audio, programs: edited, logger: logger)
        // Then that recording is not offered (text instead); the English one and the others are
        #expect(shelf.library.track(program: "hum", for: NarratedContent(item: breathe, locale: "ru", caption: "")) == nil)
        #expect(shelf.library.track(program: "hum", for: NarratedContent(item: breathe, locale: "en", caption: "")) != nil)
        #expect(shelf.startingProblems.map(\.message).contains { $0.contains("older script") })
        #expect(shelf.staleRecordings() == 1)
        // and the start's background build makes it again; the running bot then offers it
        #expect(shelf.buildIfMissingOrStale())
        let offered = try await eventually(within: .seconds(60)) {
            shelf.reloadIfChanged()
            return shelf.library.track(program: "hum", for: NarratedContent(item: breathe, locale: "ru", caption: "")) != nil
        }
        #expect(offered)
        #expect(shelf.staleRecordings() == 0)
        // A current catalog starts no build
        #expect(!shelf.buildIfMissingOrStale())
    }
}

import TestSupport
import Audio
import Foundation
import Logging
import Program
import Testing
@testable import Bot

@Suite struct NarrationLibraryTests {
    let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    @Test func aFreshCloneWithoutAManifestMeansTextOnlyAndNoProblems() throws {
        // Given an audio folder without generated files
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // When the bot loads it
        let (library, problems) = NarrationLibrary.load(directory: directory, programs: try loadEngine().catalog, logger: logger)
        // Then nothing is broken and nothing can be heard
        #expect(problems.isEmpty)
        #expect(library.trackCount == 0)
        #expect(!library.hasTracks(program: nil))
    }

    @Test func anUnreadableManifestIsOneProblemAndTextOnly() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{\"tracks\": 5}".utf8).write(to: directory.appendingPathComponent("manifest.json"))
        let (library, problems) = NarrationLibrary.load(directory: directory, programs: try loadEngine().catalog, logger: logger)
        #expect(library.trackCount == 0)
        #expect(problems.count == 1)
        #expect(problems.first?.description.hasPrefix("\(directory.lastPathComponent)/manifest.json: $: ") == true)
    }

    @Test func entriesWhoseFilesAreMissingAreLeftOutAndReported() throws {
        // Given a manifest listing a step whose file was never generated
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entry = AudioManifest.Entry(track: AudioTrack(
            program: "microgreens", locale: "ru", target: .step(stage: "planting", step: "sowing"),
            file: "generated/microgreens/ru/planting.sowing.mp3", url: directory, title: "Сеем", narrator: "x",
            durationSeconds: 60, sha256: String(repeating: "0", count: 64)))
        try AudioManifest(tracks: [entry]).write(to: directory.appendingPathComponent("manifest.json"))
        // When loaded
        let (library, problems) = NarrationLibrary.load(directory: directory, programs: try loadEngine().catalog, logger: logger)
        // Then the entry is reported and nothing is served from it
        #expect(problems.map(\.description)
                == ["\(directory.lastPathComponent)/manifest.json: $.tracks[0].file: generated/microgreens/ru/planting.sowing.mp3 is missing or unreadable"])
        let content = NarratedContent(item: .step(stage: "planting", step: "sowing"), locale: "ru", caption: "")
        #expect(library.track(program: "microgreens", for: content) == nil)
    }

    @Test func listeningIsOfferedOnlyInALanguageThatHasRecordings() throws {
        // Given a catalog with a basil recording in Russian only
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entry = AudioManifest.Entry(track: AudioTrack(
            program: "basil", locale: "ru", target: .theme("pause"), file: "generated/basil/ru/theme.pause.mp3", url: directory,
            title: "Пауза", narrator: "x", durationSeconds: 200, sha256: String(repeating: "0", count: 64)))
        try AudioManifest(tracks: [entry]).write(to: directory.appendingPathComponent("manifest.json"))
        let library = NarrationLibrary(catalog: try AudioCatalog.load(from: directory.appendingPathComponent("manifest.json")))
        // Then basil is offered as audio in Russian, not in English (a listener would get only text)
        #expect(library.hasTracks(program: "basil", locale: "ru"))
        #expect(!library.hasTracks(program: "basil", locale: "en"))
        #expect(!library.hasTracks(program: "microgreens", locale: "ru"))
        #expect(library.hasTracks(program: nil, locale: "ru") && !library.hasTracks(program: nil, locale: "en"))
    }
}

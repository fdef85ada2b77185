import Foundation
import Program
import Testing
@testable import Audio

/// Every recording in the manifest records the hash of the script it says; a recording whose
/// script changed since is stale: left out of the catalog (served as text) and rendered again by
/// the next build, which keeps the recordings that did not change.
@Suite("Recordings are checked against their current scripts", .enabled(if: AudioFixtures.toolsAvailable, Comment(rawValue: AudioFixtures.missingTools)))
struct NarrationScriptTests {
    /// The hum program with the Russian breath step saying something else.
    static func editedPrograms() throws -> (ProgramCatalog, URL) {
        let folder = try AudioFixtures.temporaryDirectory().appendingPathComponent("programs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: AudioFixtures.root.appendingPathComponent("programs/hum"), to: folder.appendingPathComponent("hum"))
        let ru = folder.appendingPathComponent("hum/ru.json")
        let text = try String(contentsOf: ru, encoding: .utf8)
        #expect(text.contains("Вдохни. {pause:2} Выдохни."))
        try text.replacingOccurrences(of: "Вдохни. {pause:2} Выдохни.", with: "Вдохни глубже. {pause:3} Выдохни.")
            .write(to: ru, atomically: true, encoding: .utf8)
        let catalog = try ProgramCatalog.load(from: folder, uiStrings: AudioFixtures.packageRoot.appendingPathComponent("assets/locales"))
        return (catalog, folder)
    }

    @Test("Each recording records its script's hash; after the script changes it is left out and named")
    func aChangedScriptMakesItsRecordingStale() throws {
        // Given the hum catalog built from today's scripts
        let programs = try AudioFixtures.programs()
        let audio = try AudioFixtures.temporaryDirectory()
        let tools = try #require(AudioFixtures.tools)
        let report = try AudioBuilder(tools: tools, options: AudioBuildOptions(audioDirectory: audio)).build(programs: programs)
        let jobs = programs.programs.flatMap { NarrationPlanner.jobs(for: $0) }
        for built in report.tracks {
            let job = try #require(jobs.first { $0.locale == built.track.locale && $0.target == built.track.target })
            #expect(built.track.script == job.scriptHash)
        }
        let catalog = try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json"))
        #expect(catalog.validate(against: programs).isEmpty)
        #expect(catalog.tracks.allSatisfy { $0.script != nil })
        // When the Russian breath step's script changes
        let (edited, _) = try Self.editedPrograms()
        let (current, problems) = catalog.validated(against: edited)
        // Then its recording is reported as made from an older script and left out; the others stay
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("older script of start.breathe") == true, "\(problems)")
        #expect(current.track(program: "hum", locale: "ru", target: .step(stage: "start", step: "breathe")) == nil)
        #expect(current.track(program: "hum", locale: "en", target: .step(stage: "start", step: "breathe")) != nil)
        #expect(current.tracks.count == catalog.tracks.count - 1)
        // and a catalog that records no scripts (written by hand) is not judged
        let unjudged = AudioTrack(program: "hum", locale: "ru", target: .step(stage: "start", step: "breathe"), file: "x.mp3",
                                  url: audio, title: "t", narrator: "n", durationSeconds: 1, sha256: "0")
        #expect(!NarrationScripts(programs: edited).isStale(unjudged))
    }

    @Test("The next build makes only the stale recording again, and the catalog is current")
    func theNextBuildRendersOnlyTheStaleRecording() throws {
        let audio = try AudioFixtures.temporaryDirectory()
        let tools = try #require(AudioFixtures.tools)
        _ = try AudioBuilder(tools: tools, options: AudioBuildOptions(audioDirectory: audio)).build(programs: AudioFixtures.programs())
        let (edited, _) = try Self.editedPrograms()
        // When the build runs on the changed content
        let report = try AudioBuilder(tools: tools, options: AudioBuildOptions(audioDirectory: audio)).build(programs: edited)
        // Then the breath track in Russian is rendered again, every other track is kept as it was
        let rendered = report.tracks.filter { !$0.isReused }.map { "\($0.track.locale)/\($0.track.target.slug)" }
        #expect(rendered == ["ru/start.breathe"])
        // and the manifest now matches the scripts: nothing stale, nothing left out
        let catalog = try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json"))
        #expect(catalog.validate(against: edited).isEmpty)
        #expect(catalog.tracks.count == report.tracks.count)
    }

    @Test("A studio recording stays stale after its script changes, until it is recorded again")
    func aStudioRecordingOfAnOlderScriptStaysStale() throws {
        let audio = try AudioFixtures.temporaryDirectory()
        let tools = try #require(AudioFixtures.tools)
        let studio = audio.appendingPathComponent("studio/hum/ru")
        try FileManager.default.createDirectory(at: studio, withIntermediateDirectories: true)
        _ = try AudioFixtures.mp3(seconds: 3, lame: ["-b", "128", "--cbr"], in: studio, name: "start.breathe.mp3")
        let options = AudioBuildOptions(audioDirectory: audio, locales: ["ru"])
        _ = try AudioBuilder(tools: tools, options: options).build(programs: AudioFixtures.programs())
        // When the script changes and the build runs again with the same studio file
        let (edited, _) = try Self.editedPrograms()
        _ = try AudioBuilder(tools: tools, options: options).build(programs: edited)
        // Then the studio recording is still the older script's: left out, named
        let catalog = try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json"))
        let problems = catalog.validate(against: edited)
        #expect(problems.map(\.message).contains { $0.contains("older script of start.breathe") }, "\(problems)")
        // When the narrator records it again (another file)
        try FileManager.default.removeItem(at: studio.appendingPathComponent("start.breathe.mp3"))
        _ = try AudioFixtures.mp3(seconds: 4, lame: ["-b", "128", "--cbr"], in: studio, name: "start.breathe.mp3")
        _ = try AudioBuilder(tools: tools, options: options).build(programs: edited)
        // Then it is current
        #expect(try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json")).validate(against: edited).isEmpty)
    }
}

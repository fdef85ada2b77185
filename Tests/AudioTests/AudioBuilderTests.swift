import Foundation
import Program
import Testing
@testable import Audio

@Suite("sogreto audio build on the tiny hum program", .enabled(if: AudioFixtures.toolsAvailable, Comment(rawValue: AudioFixtures.missingTools)))
struct AudioBuilderTests {
    @Test("Every step but the menu, the theme and the manifesto become valid MP3s listed in a manifest that validates")
    func buildsValidCatalog() throws {
        // Given the hum program (ru and en) and an empty audio folder
        let programs = try AudioFixtures.programs()
        let audio = try AudioFixtures.temporaryDirectory()
        let tools = try #require(AudioFixtures.tools)
        // When the build runs
        let report = try AudioBuilder(tools: tools, options: AudioBuildOptions(audioDirectory: audio)).build(programs: programs)
        // Then: 4 tracks per locale (breathe, look, theme calm, manifesto), the menu step has none
        let slugs = report.tracks.map { "\($0.track.locale)/\($0.track.target.slug)" }
        #expect(slugs == ["ru/start.breathe", "ru/start.look", "ru/theme.calm", "ru/end", "en/start.breathe", "en/start.look", "en/theme.calm", "en/end"])
        // and the manifest on disk loads and validates without a problem
        let catalog = try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json"))
        #expect(catalog.validate(against: programs).isEmpty)
        // and each entry records its file's size and mtime, so a start does not read it again
        #expect(catalog.tracks.allSatisfy { $0.stamp != nil && $0.stamp == FileStamp.of($0.url) })
        let breathe = try #require(catalog.track(program: "hum", locale: "ru", stage: "start", step: "breathe"))
        #expect(breathe.file == "generated/hum/ru/start.breathe.mp3")
        #expect(breathe.title == "Начало · Вдох")
        #expect(breathe.narrator.hasPrefix("espeak-ng ru"))
        // and the {pause:2} plus lead-in and tail make the breath track longer than 7 s
        #expect(breathe.durationSeconds > 2 + 2 + 3)
        // and the practices are grouped: the start stage, the theme, the manifesto
        #expect(report.practices.map(\.id) == ["start", "theme.calm", "end", "start", "theme.calm", "end"])
        #expect(report.practices.first?.trackCount == 2)
    }

    @Test("The bed sits at least 18 dB under the voice, measured by sox on the stems, and the mix does not clip")
    func bedIsUnderTheVoice() throws {
        // Given the Russian hum tracks built with their stems kept
        let programs = try AudioFixtures.programs()
        let audio = try AudioFixtures.temporaryDirectory()
        let stems = try AudioFixtures.temporaryDirectory()
        let tools = try #require(AudioFixtures.tools)
        let options = AudioBuildOptions(audioDirectory: audio, locales: ["ru"], stemsDirectory: stems)
        let report = try AudioBuilder(tools: tools, options: options).build(programs: programs)
        #expect(report.tracks.count == 4)
        for item in report.tracks {
            let name = "hum-ru-\(item.track.target.slug)"
            // When sox measures the voice (speech only) and the bed as mixed
            let voice = try AudioFixtures.soxRMS(stems.appendingPathComponent("\(name).voice.wav"), withoutSilence: true)
            let bed = try AudioFixtures.soxRMS(stems.appendingPathComponent("\(name).bed.wav"))
            // Then the bed is at least 18 dB quieter
            #expect(AudioFixtures.dB(voice) - AudioFixtures.dB(bed) >= 18, "\(name): voice \(AudioFixtures.dB(voice)) dB, bed \(AudioFixtures.dB(bed)) dB")
            // and the bed is there at all (not silence)
            #expect(AudioFixtures.dB(bed) > -60, "\(name): bed \(AudioFixtures.dB(bed)) dB")
            // and the decoded MP3 never reaches full scale
            let decoded = stems.appendingPathComponent("\(name).decoded.wav")
            try AudioFixtures.run("lame", ["--silent", "--decode", item.track.url.path, decoded.path])
            let stat = try AudioFixtures.run("sox", [decoded.path, "-n", "stat"])
            #expect(try AudioFixtures.statValue("Maximum amplitude", in: stat) < 0.99, "\(name) clips")
        }
    }

    @Test("A studio recording in audio/studio replaces the generated narration of its track")
    func studioRecordingWins() throws {
        let programs = try AudioFixtures.programs()
        let audio = try AudioFixtures.temporaryDirectory()
        let tools = try #require(AudioFixtures.tools)
        let studio = audio.appendingPathComponent("studio/hum/ru")
        try FileManager.default.createDirectory(at: studio, withIntermediateDirectories: true)
        _ = try AudioFixtures.mp3(seconds: 5, lame: ["-b", "128", "--cbr"], in: studio, name: "start.look.mp3")
        try "Anna Petrova".write(to: studio.appendingPathComponent("narrator.txt"), atomically: true, encoding: .utf8)

        let options = AudioBuildOptions(audioDirectory: audio, locales: ["ru"])
        let report = try AudioBuilder(tools: tools, options: options).build(programs: programs)

        let look = try #require(report.tracks.first { $0.track.target == .step(stage: "start", step: "look") })
        #expect(look.isStudio && look.track.file == "studio/hum/ru/start.look.mp3" && look.track.narrator == "Anna Petrova")
        let catalog = try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json"))
        #expect(catalog.validate(against: programs).isEmpty)
    }

    @Test("Building one locale keeps the other locale's entries in the manifest")
    func partialBuildKeepsOtherEntries() throws {
        let programs = try AudioFixtures.programs()
        let audio = try AudioFixtures.temporaryDirectory()
        let tools = try #require(AudioFixtures.tools)
        _ = try AudioBuilder(tools: tools, options: AudioBuildOptions(audioDirectory: audio, locales: ["en"])).build(programs: programs)
        _ = try AudioBuilder(tools: tools, options: AudioBuildOptions(audioDirectory: audio, locales: ["ru"])).build(programs: programs)
        let catalog = try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json"))
        #expect(Set(catalog.tracks.map(\.locale)) == ["en", "ru"])
        #expect(catalog.tracks.count == 8)
    }

    @Test("A second build reuses unchanged tracks, and re-renders a track whose file was damaged")
    func rebuildReusesUnchangedTracks() throws {
        // Given a finished build of the Russian tracks
        let programs = try AudioFixtures.programs()
        let audio = try AudioFixtures.temporaryDirectory()
        let tools = try #require(AudioFixtures.tools)
        let options = AudioBuildOptions(audioDirectory: audio, locales: ["ru"])
        let first = try AudioBuilder(tools: tools, options: options).build(programs: programs)
        #expect(first.tracks.allSatisfy { !$0.isReused })
        // When one file is damaged and the build runs again
        let look = audio.appendingPathComponent("generated/hum/ru/start.look.mp3")
        try Data("broken".utf8).write(to: look)
        let second = try AudioBuilder(tools: tools, options: options).build(programs: programs)
        // Then only the damaged track is rendered again and the manifest still validates
        #expect(second.tracks.filter { !$0.isReused }.map(\.track.target.slug) == ["start.look"])
        let catalog = try AudioCatalog.load(from: audio.appendingPathComponent("manifest.json"))
        #expect(catalog.validate(against: programs).isEmpty)
        // and --rebuild renders everything
        var all = options
        all.rebuildAll = true
        #expect(try AudioBuilder(tools: tools, options: all).build(programs: programs).tracks.allSatisfy { !$0.isReused })
    }
}

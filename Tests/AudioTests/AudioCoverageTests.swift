import Foundation
import Program
import Testing
@testable import Audio

/// What content check asks of a catalog beyond valid entries: a theme's recording lasts as long
/// as a practice, and a program with recordings has them for every practice in every language
/// the bot may offer "listen" in.
@Suite("Audio catalog coverage and practice lengths", .enabled(if: AudioFixtures.toolsAvailable, Comment(rawValue: AudioFixtures.missingTools)))
struct AudioCoverageTests {
    let audio: URL
    let programs: ProgramCatalog

    init() throws {
        audio = try AudioFixtures.temporaryDirectory()
        programs = try AudioFixtures.programs()
        try FileManager.default.createDirectory(at: audio.appendingPathComponent("generated"), withIntermediateDirectories: true)
    }

    /// An entry for a real MP3 of `seconds` narrating `target` of hum in `locale`.
    private func entry(_ target: AudioTarget, locale: String = "ru", seconds: Double) throws -> AudioManifest.Entry {
        let name = "\(locale)-\(target.slug)-\(Int(seconds)).mp3"
        let url = try AudioFixtures.mp3(seconds: seconds, lame: ["-b", "128", "--cbr", "-m", "m"],
                                        in: audio.appendingPathComponent("generated"), name: name)
        let data = try Data(contentsOf: url)
        let track = AudioTrack(program: "hum", locale: locale, target: target, file: "generated/\(name)", url: url, title: name,
                               narrator: "test", durationSeconds: try MP3Probe.inspect(data).durationSeconds,
                               sha256: try sha256sum(of: url))
        return AudioManifest.Entry(track: track)
    }

    private func catalog(_ entries: [AudioManifest.Entry]) throws -> AudioCatalog {
        let url = audio.appendingPathComponent("manifest.json")
        try AudioManifest(tracks: entries).write(to: url)
        let (usable, problems) = try AudioCatalog.load(from: url).validated(against: programs)
        #expect(problems.isEmpty)
        return usable
    }

    @Test("A theme recording far from 3–10 minutes is refused; one of a practice's length, and short steps, pass")
    func themeLengths() throws {
        let short = try catalog([try entry(.theme("calm"), seconds: 85), try entry(.step(stage: "start", step: "breathe"), seconds: 20)])
        #expect(short.practiceLengthProblems().map(\.message) == [
            "generated/ru-theme.calm-85.mp3 lasts 85 s; a theme is a whole practice of 3–10 minutes: give its narration "
                + "the practice's silences ({pause:N}) and run `sogreto audio build`",
        ])
        #expect(short.practiceLengthProblems().first?.jsonPath == "$.tracks[0]")
        #expect(try catalog([try entry(.theme("calm"), seconds: 185)]).practiceLengthProblems().isEmpty)
    }

    @Test("A program recorded in one language only misses every practice of the other, which has a voice")
    func missingLanguage() throws {
        let jobs = NarrationPlanner.jobs(for: try #require(programs.program(id: "hum")))
        // Given every hum practice recorded in Russian and none in English
        let russian = try jobs.filter { $0.locale == "ru" }.map { try entry($0.target, seconds: 2) }
        let problems = try catalog(russian).missingTracks(against: programs)
        // Then each English practice is named, and nothing Russian
        let english = jobs.filter { $0.locale == "en" }
        #expect(problems.count == english.count && !english.isEmpty)
        #expect(problems.allSatisfy { $0.message.contains("hum en ") && $0.message.contains("run `sogreto audio build`") })
        #expect(problems.first?.message == "no recording of hum en step start.breathe (generated/hum/en/start.breathe.mp3); run `sogreto audio build`")
        // And once English is recorded too, nothing is missing
        let both = try russian + english.map { try entry($0.target, locale: "en", seconds: 2) }
        #expect(try catalog(both).missingTracks(against: programs).isEmpty)
    }
}

/// The real kits: every program and language the bot may offer "listen" in gets every practice
/// narrated by `sogreto audio build` (basil in English was left out of catalogs built one
/// language at a time; content check now refuses such a catalog).
@Suite("Real content narration plan")
struct RealNarrationPlanTests {
    @Test(arguments: ["microgreens", "basil"])
    func everyLanguageOfAKitHasAVoiceAndTheSamePractices(program id: String) throws {
        let catalog = try ProgramCatalog.load(from: AudioFixtures.packageRoot.appendingPathComponent("assets/programs"),
                                              uiStrings: AudioFixtures.packageRoot.appendingPathComponent("assets/locales"))
        let program = try #require(catalog.program(id: id))
        #expect(Set(program.locales) == ["ru", "en"])
        let jobs = NarrationPlanner.jobs(for: program)
        for locale in program.locales {
            #expect(NarrationVoice.byLocale[locale] != nil, "\(id) \(locale) has no narration voice")
            let slugs = jobs.filter { $0.locale == locale }.map(\.target.slug)
            #expect(slugs == jobs.filter { $0.locale == "ru" }.map(\.target.slug), "\(id) \(locale) narrates other practices")
            #expect(slugs.contains { $0.hasPrefix("theme.") } && slugs.contains("manifesto"))
        }
    }
}

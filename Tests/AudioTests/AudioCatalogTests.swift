import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Program
import Testing
@testable import Audio

@Suite("Audio catalog: manifest entries checked against content and files", .enabled(if: AudioFixtures.toolsAvailable, Comment(rawValue: AudioFixtures.missingTools)))
struct AudioCatalogTests {
    let audio: URL
    let programs: ProgramCatalog
    let good: URL

    init() throws {
        audio = try AudioFixtures.temporaryDirectory()
        programs = try AudioFixtures.programs()
        let folder = audio.appendingPathComponent("generated")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        good = try AudioFixtures.mp3(seconds: 2, lame: ["-b", "128", "--cbr", "-m", "m"], in: folder, name: "breathe.mp3")
    }

    /// A correct entry for the `good` file: its real duration and checksum.
    private func goodEntry(step: String = "breathe") throws -> AudioManifest.Entry {
        let data = try Data(contentsOf: good)
        let stream = try MP3Probe.inspect(data)
        let track = AudioTrack(program: "hum", locale: "ru", target: .step(stage: "start", step: step), file: "generated/breathe.mp3",
                               url: good, title: "Вдох", narrator: "test", durationSeconds: stream.durationSeconds,
                               sha256: try sha256(data))
        return AudioManifest.Entry(track: track)
    }

    private func sha256(_ data: Data) throws -> String {
        let file = audio.appendingPathComponent("hash.bin")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try sha256sum(of: file)
    }

    private func catalog(_ entries: [AudioManifest.Entry]) throws -> AudioCatalog {
        let url = audio.appendingPathComponent("manifest.json")
        try AudioManifest(tracks: entries).write(to: url)
        return try AudioCatalog.load(from: url)
    }

    @Test("A correct entry validates and is found by program, locale, stage and step")
    func validEntry() throws {
        let catalog = try catalog([goodEntry()])
        let (usable, problems) = catalog.validated(against: programs)
        #expect(problems.isEmpty)
        let track = try #require(usable.track(program: "hum", locale: "ru", stage: "start", step: "breathe"))
        #expect(track.url.path == good.path && track.durationWholeSeconds == 2)
        #expect(usable.track(program: "hum", locale: "en", stage: "start", step: "breathe") == nil)
    }

    @Test("A duration far from the frames' duration is reported on the entry's file")
    func durationMismatch() throws {
        var entry = try goodEntry()
        entry.durationSeconds = (entry.durationSeconds ?? 0) + 1.5
        let problems = try catalog([entry]).validate(against: programs)
        let expected = String(format: "generated/breathe.mp3 lasts %.1f s, the manifest says %.1f s", entry.durationSeconds! - 1.5, entry.durationSeconds!)
        #expect(problems.map(\.description) == ["\(audio.lastPathComponent)/manifest.json: $.tracks[0].file: \(expected)"])
    }

    @Test("A duration within half a second is accepted")
    func durationWithinTolerance() throws {
        var entry = try goodEntry()
        entry.durationSeconds = (entry.durationSeconds ?? 0) + 0.4
        #expect(try catalog([entry]).validate(against: programs).isEmpty)
    }

    @Test("A changed file (checksum mismatch) is reported")
    func checksumMismatch() throws {
        var entry = try goodEntry()
        entry.sha256 = String(repeating: "0", count: 64)
        let problems = try catalog([entry]).validate(against: programs)
        #expect(problems.count == 1)
        #expect(problems.first?.jsonPath == "$.tracks[0].file")
        #expect(problems.first?.message.contains("the manifest says 0000") == true)
    }

    @Test("A file whose size and mtime match the manifest is trusted without reading it: an edit that keeps both goes unseen")
    func unchangedStampIsNotReadAgain() throws {
        // Given an entry that records the file's size and mtime
        var entry = try goodEntry()
        let recorded = try #require(FileStamp.of(good))
        entry.fileSize = recorded.size
        entry.fileModifiedNanoseconds = recorded.modifiedNanoseconds
        // When the bytes are replaced by zeros of the same length and the mtime is put back
        try Data(count: Int(recorded.size)).write(to: good)
        try setModified(good, nanoseconds: recorded.modifiedNanoseconds)
        #expect(FileStamp.of(good) == recorded)
        // Then validation does not read the file (reading it would find neither the checksum nor an MP3):
        // the documented trade-off, as make and rsync make it
        let (usable, problems) = try catalog([entry]).validated(against: programs)
        #expect(problems.isEmpty)
        #expect(usable.tracks.count == 1)
    }

    @Test("A file whose mtime moved since the manifest was written is read and checked again")
    func changedStampIsReadAgain() throws {
        // Given an entry that records the file's size and mtime
        var entry = try goodEntry()
        let recorded = try #require(FileStamp.of(good))
        entry.fileSize = recorded.size
        entry.fileModifiedNanoseconds = recorded.modifiedNanoseconds
        // When the bytes change (same length) and so does the mtime
        try Data(count: Int(recorded.size)).write(to: good)
        try setModified(good, nanoseconds: recorded.modifiedNanoseconds + 1_000_000_000)
        // Then the change is found
        let (usable, problems) = try catalog([entry]).validated(against: programs)
        #expect(problems.contains { $0.message.contains("has checksum") })
        #expect(usable.tracks.isEmpty)
    }

    private func setModified(_ url: URL, nanoseconds: Int64) throws {
        let time = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        let times = [time, time]
        guard utimensat(AT_FDCWD, url.path, times, 0) == 0 else { throw AudioFixtures.ToolFailure(message: "utimensat failed") }
    }

    @Test("A reference to a step, stage, theme or program that does not exist is reported")
    func missingReferences() throws {
        var noStep = try goodEntry(step: "gone")
        var noTheme = try goodEntry(); noTheme.stage = nil; noTheme.step = nil; noTheme.theme = "storm"
        var notManifesto = try goodEntry(); notManifesto.step = nil
        var noProgram = try goodEntry(); noProgram.program = "lavender"
        var noLocale = try goodEntry(); noLocale.locale = "de"
        noStep.title = "x"
        let problems = try catalog([noStep, noTheme, notManifesto, noProgram, noLocale]).validate(against: programs)
        #expect(problems.map(\.message) == [
            "step \"start.gone\" does not exist in hum",
            "theme \"storm\" does not exist in hum",
            "stage \"start\" has steps or themes: name the step or theme the track narrates",
            "program \"lavender\" does not exist",
            "program \"hum\" has no locale \"de\" (it has ru, en)",
        ])
        #expect(problems.map(\.trackIndex) == [0, 1, 2, 3, 4])
    }

    @Test("A missing file, a WAV in disguise and a low bitrate are reported; the good entry survives validation")
    func brokenFilesAreLeftOut() throws {
        var missing = try goodEntry(step: "look"); missing.file = "generated/none.mp3"
        let wav = try AudioFixtures.tone(seconds: 1, in: audio)
        try FileManager.default.moveItem(at: wav, to: audio.appendingPathComponent("generated/wav.mp3"))
        var disguised = try goodEntry(); disguised.stage = "end"; disguised.step = nil; disguised.file = "generated/wav.mp3"
        let low = try AudioFixtures.mp3(seconds: 2, lame: ["-b", "64", "--cbr"], in: audio.appendingPathComponent("generated"), name: "low.mp3")
        var lowEntry = try goodEntry(); lowEntry.locale = "en"; lowEntry.file = "generated/low.mp3"
        lowEntry.sha256 = try sha256(Data(contentsOf: low))

        let (usable, problems) = try catalog([goodEntry(), missing, disguised, lowEntry]).validated(against: programs)

        #expect(problems.map(\.message) == [
            "generated/none.mp3 is missing or unreadable",
            String(format: "generated/wav.mp3 has checksum %@, the manifest says %@: the file changed; rebuild or update the manifest",
                   try sha256(Data(contentsOf: audio.appendingPathComponent("generated/wav.mp3"))), try goodEntry().sha256 ?? ""),
            "generated/wav.mp3: a WAV (RIFF) file, not an MP3",
            "generated/low.mp3 is 64 kbps CBR; tracks must be 128 kbps CBR",
        ])
        #expect(usable.tracks.count == 1)
        #expect(usable.track(program: "hum", locale: "ru", stage: "end", step: nil) == nil)
        #expect(usable.track(program: "hum", locale: "ru", stage: "start", step: "breathe") != nil)
    }

    @Test("Entries without required fields or with a bad target are reported while loading and left out")
    func malformedEntries() throws {
        var noTitle = try goodEntry(); noTitle.title = " "
        var both = try goodEntry(); both.theme = "calm"
        var escape = try goodEntry(); escape.file = "../secret.mp3"
        let catalog = try catalog([noTitle, both, escape, goodEntry()])
        #expect(catalog.tracks.count == 1)
        #expect(catalog.loadProblems.map(\.jsonPath) == ["$.tracks[0].title", "$.tracks[1]", "$.tracks[2].file"])
        #expect(catalog.validate(against: programs).count == 3)
    }

    @Test("The same track listed twice is reported once, on the second entry")
    func duplicates() throws {
        let problems = try catalog([goodEntry(), goodEntry()]).validate(against: programs)
        #expect(problems.map(\.jsonPath) == ["$.tracks[1]"])
    }

    @Test("A missing manifest and a manifest that is not JSON throw with a sentence")
    func unusableManifest() throws {
        let missing = #expect(throws: AudioError.self) { try AudioCatalog.load(from: audio.appendingPathComponent("none.json")) }
        #expect(missing?.reason == .manifestMissing)
        let url = audio.appendingPathComponent("manifest.json")
        try Data("{\"tracks\": 3}".utf8).write(to: url)
        let invalid = #expect(throws: AudioError.self) { try AudioCatalog.load(from: url) }
        #expect(invalid?.reason == .manifestInvalid)
    }

    @Test("An oversized manifest is refused with a sentence before it is read")
    func oversizedManifest() throws {
        let url = audio.appendingPathComponent("manifest.json")
        try Data("{\"tracks\": [".utf8).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 64 << 20)  // sparse: no disk used
        try handle.close()
        let refusal = #expect(throws: AudioError.self) { try AudioCatalog.load(from: url) }
        #expect(refusal?.reason == .manifestInvalid)
        #expect(refusal?.description.contains("is 64 MB; a manifest may be at most 16 MB") == true)
    }
}

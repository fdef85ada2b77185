import Foundation
import Testing
@testable import Audio

@Suite("MP3 frame parser on files made by lame", .enabled(if: AudioFixtures.toolsAvailable, Comment(rawValue: AudioFixtures.missingTools)))
struct MP3ProbeTests {
    let directory: URL

    init() throws { directory = try AudioFixtures.temporaryDirectory() }

    private func inspect(_ url: URL) throws -> MP3Stream { try MP3Probe.inspect(fileAt: url) }

    @Test("128 kbps CBR MPEG-1 Layer III at 44.1 kHz is accepted, with its duration computed from the frames")
    func acceptsCatalogFormat() throws {
        // Given a 3-second tone encoded the way the catalog wants it, with an ID3v2 tag in front
        let url = try AudioFixtures.mp3(lame: ["-b", "128", "--cbr", "-m", "m", "--id3v2-only", "--tt", "Test"], in: directory, name: "good.mp3")
        let head = try Data(contentsOf: url).prefix(3)
        #expect(head == Data("ID3".utf8))
        // When it is parsed
        let stream = try inspect(url)
        // Then it meets every requirement and lasts about 3 seconds (lame adds under 0.1 s of padding)
        #expect(stream.version == "MPEG-1" && stream.layer == 3 && stream.sampleRate == 44100)
        #expect(stream.bitratesKbps == [128] && stream.isConstantBitrate)
        #expect(MP3Requirements.problems(with: stream).isEmpty)
        #expect(abs(stream.durationSeconds - 3) < 0.15)
    }

    @Test("48 kHz at 128 kbps CBR is accepted too")
    func accepts48k() throws {
        let url = try AudioFixtures.mp3(rate: 48000, lame: ["-b", "128", "--cbr"], in: directory, name: "48k.mp3")
        let stream = try inspect(url)
        #expect(stream.sampleRate == 48000)
        #expect(MP3Requirements.problems(with: stream).isEmpty)
    }

    @Test("64 kbps is rejected for its bitrate")
    func rejects64k() throws {
        let stream = try inspect(AudioFixtures.mp3(lame: ["-b", "64", "--cbr"], in: directory, name: "64k.mp3"))
        let problems = MP3Requirements.problems(with: stream)
        #expect(problems == ["is 64 kbps CBR; tracks must be 128 kbps CBR"])
    }

    @Test("VBR (a Xing header) is rejected even when frames average near 128 kbps")
    func rejectsVBR() throws {
        let stream = try inspect(AudioFixtures.mp3(lame: ["-V", "4"], in: directory, name: "vbr.mp3"))
        #expect(stream.declaresVariableBitrate)
        #expect(MP3Requirements.problems(with: stream).contains { $0.contains("VBR") })
    }

    @Test("22.05 kHz is rejected for its sample rate (lame makes it MPEG-2)")
    func rejects22k() throws {
        let stream = try inspect(AudioFixtures.mp3(rate: 22050, lame: ["-b", "128", "--cbr"], in: directory, name: "22k.mp3"))
        #expect(stream.sampleRate == 22050)
        let problems = MP3Requirements.problems(with: stream)
        #expect(problems.contains("is sampled at 22050 Hz; tracks must be 44100 or 48000 Hz"))
    }

    @Test("MPEG-2 Layer III (24 kHz, 128 kbps) is rejected for its version")
    func rejectsMPEG2() throws {
        let stream = try inspect(AudioFixtures.mp3(rate: 24000, lame: ["-b", "128", "--cbr"], in: directory, name: "mpeg2.mp3"))
        #expect(stream.version == "MPEG-2")
        #expect(MP3Requirements.problems(with: stream).contains("is MPEG-2 Layer III; tracks must be MPEG-1 Layer III"))
    }

    @Test("MPEG-1 at 32 kHz is rejected for its sample rate only")
    func rejects32k() throws {
        let stream = try inspect(AudioFixtures.mp3(rate: 32000, lame: ["-b", "128", "--cbr"], in: directory, name: "32k.mp3"))
        #expect(MP3Requirements.problems(with: stream) == ["is sampled at 32000 Hz; tracks must be 44100 or 48000 Hz"])
    }

    @Test("A WAV file renamed .mp3 is not an MP3")
    func rejectsWAV() throws {
        let wav = try AudioFixtures.tone(seconds: 1, in: directory)
        let renamed = directory.appendingPathComponent("wav.mp3")
        try FileManager.default.copyItem(at: wav, to: renamed)
        #expect(throws: AudioError(.notMP3, "a WAV (RIFF) file, not an MP3")) { try inspect(renamed) }
    }

    @Test("A file cut in the middle of a frame is truncated")
    func rejectsTruncatedMidFrame() throws {
        let url = try AudioFixtures.mp3(lame: ["-b", "128", "--cbr"], in: directory, name: "cut.mp3")
        let data = try Data(contentsOf: url)
        let error = #expect(throws: AudioError.self) { try MP3Probe.inspect(data.prefix(data.count / 2 + 100)) }
        #expect(error?.reason == .damagedMP3)
        #expect(error?.description.hasPrefix("truncated") == true)
    }

    @Test("A file cut exactly at a frame boundary is caught by the frame count in its Info header")
    func rejectsTruncatedAtFrameBoundary() throws {
        let url = try AudioFixtures.mp3(lame: ["-b", "128", "--cbr", "-m", "m"], in: directory, name: "cut2.mp3")
        let data = try Data(contentsOf: url)
        // 128 kbps at 44.1 kHz: frames are 417 or 418 bytes; cut after the Info frame and 20 audio frames.
        var offset = 0
        var frames = 0
        let bytes = [UInt8](data)
        while frames < 21, let header = MPEGFrameHeader(bytes, at: offset) {
            offset += header.frameLength
            frames += 1
        }
        let error = #expect(throws: AudioError.self) { try MP3Probe.inspect(data.prefix(offset)) }
        #expect(error?.description.contains("the header promises") == true)
    }

    @Test("Garbage between frames loses frame sync")
    func rejectsGarbageBetweenFrames() throws {
        let url = try AudioFixtures.mp3(lame: ["-b", "128", "--cbr"], in: directory, name: "garbage.mp3")
        var data = try Data(contentsOf: url)
        data.insert(contentsOf: [UInt8](repeating: 0x42, count: 10), at: 417 * 5)
        let error = #expect(throws: AudioError.self) { try MP3Probe.inspect(data) }
        #expect(error?.description.contains("lost frame sync") == true)
    }

    @Test("Empty and tiny files are not MP3s")
    func rejectsEmpty() {
        #expect(throws: AudioError.self) { try MP3Probe.inspect(Data()) }
        #expect(throws: AudioError.self) { try MP3Probe.inspect(Data("hello world".utf8)) }
    }
}

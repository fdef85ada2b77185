import Foundation
import Testing
@testable import Audio

@Suite("PCM levels of WAV files", .enabled(if: AudioFixtures.toolsAvailable, Comment(rawValue: AudioFixtures.missingTools)))
struct PCMLevelsTests {
    @Test("A -6 dB sine measures -9 dBFS RMS and -6 dBFS peak; with silence added its active level stays")
    func sineLevels() throws {
        let directory = try AudioFixtures.temporaryDirectory()
        let tone = try AudioFixtures.tone(seconds: 2, in: directory)
        let levels = try PCMLevels.measure(wavAt: tone)
        #expect(abs(levels.peakDBFS + 6) < 0.1)
        #expect(abs(levels.rmsDBFS + 9.03) < 0.1)
        #expect(abs(levels.durationSeconds - 2) < 0.01)
        let padded = directory.appendingPathComponent("padded.wav")
        try AudioFixtures.run("sox", [tone.path, padded.path, "pad", "0", "6"])
        let paddedLevels = try PCMLevels.measure(wavAt: padded)
        #expect(abs(paddedLevels.rmsDBFS - (levels.rmsDBFS - 6.02)) < 0.1)
        #expect(abs(paddedLevels.activeDBFS - levels.rmsDBFS) < 0.1)
    }
}

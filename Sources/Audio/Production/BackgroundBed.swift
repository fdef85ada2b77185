import Foundation

/// The soft bed under the voice: brown noise low-passed to a distant rumble with a quiet open
/// fifth (A2 + E3) breathing through a slow tremolo. Made once per build, as long as the
/// longest track, and cut to each track's length in the mix.
struct BackgroundBed {
    let url: URL
    let durationSeconds: Double
    /// RMS of the bed as made, before the per-track gain.
    let rmsDBFS: Double

    static func make(seconds: Double, in directory: URL, tools: AudioTools) throws(AudioError) -> BackgroundBed {
        let url = directory.appendingPathComponent("bed.wav")
        let length = String(format: "%.2f", seconds + 1)
        try tools.run(tools.sox, ["-n", "-r", "44100", "-c", "1", "-b", "16", url.path,
                                  "synth", length, "brownnoise", "lowpass", "300",
                                  "synth", length, "sine", "mix", "110",
                                  "synth", length, "sine", "mix", "164.8",
                                  "tremolo", "0.08", "40", "gain", "-n", "-6"])
        let levels = try PCMLevels.measure(wavAt: url)
        return BackgroundBed(url: url, durationSeconds: levels.durationSeconds, rmsDBFS: levels.rmsDBFS)
    }
}

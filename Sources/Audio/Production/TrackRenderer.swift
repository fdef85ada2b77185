import Foundation
import Program

/// Renders one narration: speech parts with espeak-ng, silences for the pauses, the voice
/// normalised, the bed mixed under it, fades, and a 128 kbps CBR MPEG-1 Layer III file from lame.
struct TrackRenderer {
    /// Bed before the first word and after the last, so the track breathes in and out.
    static let leadIn = 2.0
    static let tail = 3.0
    static let fadeIn = 1.5
    static let fadeOut = 3.0
    /// espeak-ng speaks at 22.05 kHz; silences are made at the same rate so sox can concatenate.
    static let speechRate = "22050"

    let tools: AudioTools
    let workDirectory: URL

    /// The voice alone: speech and pauses at 44.1 kHz mono, peaks normalised to -3 dBFS.
    struct VoiceStem: Sendable {
        let job: NarrationJob
        let url: URL
        let levels: PCMLevels
    }

    func renderVoice(_ job: NarrationJob, voice: NarrationVoice) throws(AudioError) -> VoiceStem {
        let folder = workDirectory.appendingPathComponent("\(job.program)-\(job.locale)-\(job.target.slug)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw AudioError(.io, "cannot create \(folder.path): \(error.localizedDescription)")
        }
        var inputs = [try silence(Self.leadIn, in: folder)]
        for (index, part) in job.narration.parts.enumerated() {
            switch part {
            case .speech(let text):
                inputs.append(try speak(text, voice: voice, to: folder.appendingPathComponent("speech-\(index).wav")))
            case .pause(let seconds):
                inputs.append(try silence(Double(seconds), in: folder))
            }
        }
        inputs.append(try silence(Self.tail, in: folder))
        let stem = folder.appendingPathComponent("voice.wav")
        try tools.run(tools.sox, inputs.map(\.path) + [stem.path, "rate", "-h", "44100", "gain", "-n", "-3"])
        return VoiceStem(job: job, url: stem, levels: try PCMLevels.measure(wavAt: stem))
    }

    /// Mixes the bed `marginDB` under the voice's speech level, fades, and encodes to `output`.
    /// Returns the bed's level in the mix; with `stemsDirectory` the gained bed is kept there.
    func mixAndEncode(_ stem: VoiceStem, bed: BackgroundBed, marginDB: Double, output: URL,
                      stemsDirectory: URL?) throws(AudioError) -> Double {
        let bedLevel = stem.levels.activeDBFS - marginDB
        let gain = pow(10, (bedLevel - bed.rmsDBFS) / 20)
        let length = String(format: "%.3f", stem.levels.durationSeconds)
        let mix = stem.url.deletingLastPathComponent().appendingPathComponent("mix.wav")
        try tools.run(tools.sox, ["-m", "-v", "1", stem.url.path, "-v", String(format: "%.5f", gain), bed.url.path, mix.path,
                                  "trim", "0", length,
                                  "fade", "t", String(Self.fadeIn), length, String(Self.fadeOut)])
        if let stemsDirectory {
            let name = "\(stem.job.program)-\(stem.job.locale)-\(stem.job.target.slug)"
            try copy(stem.url, to: stemsDirectory.appendingPathComponent("\(name).voice.wav"))
            try tools.run(tools.sox, [bed.url.path, stemsDirectory.appendingPathComponent("\(name).bed.wav").path,
                                      "trim", "0", length, "vol", String(format: "%.5f", gain)])
        }
        do {
            try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw AudioError(.io, "cannot create \(output.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        let voice = NarrationVoice.byLocale[stem.job.locale]
        try tools.run(tools.lame, ["--silent", "-b", "128", "--cbr", "-m", "m", "-q", "5", "--resample", "44.1",
                                   "--id3v2-only", "--id3v2-utf16",
                                   "--tt", stem.job.title, "--ta", voice?.narrator ?? "Sogreto", "--tl", "Sogreto",
                                   mix.path, output.path])
        return bedLevel
    }

    private func speak(_ text: String, voice: NarrationVoice, to url: URL) throws(AudioError) -> URL {
        let script = url.deletingPathExtension().appendingPathExtension("txt")
        do {
            try Data(text.utf8).write(to: script)
        } catch {
            throw AudioError(.io, "cannot write \(script.path): \(error.localizedDescription)")
        }
        try tools.run(tools.espeak, ["-v", voice.espeakVoice, "-s", String(voice.wordsPerMinute), "-p", String(voice.pitch),
                                     "-g", String(voice.wordGap), "-b", "1", "-f", script.path, "-w", url.path])
        return url
    }

    private func silence(_ seconds: Double, in folder: URL) throws(AudioError) -> URL {
        let url = folder.appendingPathComponent(String(format: "silence-%.1f.wav", seconds))
        if FileManager.default.fileExists(atPath: url.path) { return url }
        try tools.run(tools.sox, ["-n", "-r", Self.speechRate, "-c", "1", "-b", "16", url.path, "trim", "0", String(seconds)])
        return url
    }

    private func copy(_ source: URL, to destination: URL) throws(AudioError) {
        do {
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.copyItem(at: source, to: destination)
        } catch {
            throw AudioError(.io, "cannot copy \(source.lastPathComponent) to \(destination.path): \(error.localizedDescription)")
        }
    }
}

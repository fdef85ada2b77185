import Foundation
import Program
@testable import Audio
import TestSupport

/// The tiny `hum` program, the tools, and MP3 files made on the spot with sox and lame.
enum AudioFixtures {
    static let packageRoot = Repository.root
    static let root = packageRoot.appendingPathComponent("Tests/AudioTests/Fixtures")

    /// The `hum` fixture with the product's own UI strings.
    static func programs() throws -> ProgramCatalog {
        try ProgramCatalog.load(from: root.appendingPathComponent("programs"), uiStrings: packageRoot.appendingPathComponent("assets/locales"))
    }

    static let tools: AudioTools? = try? AudioTools.locate()
    static let toolsAvailable = tools != nil
    static let missingTools = "sox, lame and espeak-ng are needed for audio tests: apt-get install -y sox lame espeak-ng"

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-audio-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a tool found on PATH and returns its stderr (sox prints `stat` there).
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ToolFailure(message: "\(tool) \(arguments.joined(separator: " ")): \(output)") }
        return output
    }

    struct ToolFailure: Error, CustomStringConvertible { let message: String; var description: String { message } }

    /// A tone of `seconds` at `rate` Hz (mono), as WAV.
    static func tone(seconds: Double, rate: Int = 44100, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("tone-\(rate)-\(seconds).wav")
        try run("sox", ["-n", "-r", String(rate), "-c", "1", "-b", "16", url.path, "synth", String(seconds), "sine", "440", "gain", "-6"])
        return url
    }

    /// An MP3 from a tone, encoded by lame with `options` (for example `["-b", "128", "--cbr"]`).
    static func mp3(seconds: Double = 3, rate: Int = 44100, lame options: [String], in directory: URL, name: String) throws -> URL {
        let wav = try tone(seconds: seconds, rate: rate, in: directory)
        let url = directory.appendingPathComponent(name)
        try run("lame", ["--silent"] + options + [wav.path, url.path])
        return url
    }

    /// sox `stat`'s RMS amplitude of a file, optionally with silences removed first.
    static func soxRMS(_ url: URL, withoutSilence: Bool = false) throws -> Double {
        let effects = withoutSilence ? ["silence", "1", "0.05", "1%", "-1", "0.05", "1%"] : []
        let output = try run("sox", [url.path, "-n"] + effects + ["stat"])
        return try statValue("RMS     amplitude", in: output)
    }

    static func statValue(_ label: String, in output: String) throws -> Double {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(label) }),
              let value = line.split(separator: ":").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw ToolFailure(message: "no \(label) in sox stat output")
        }
        return value
    }

    static func dB(_ amplitude: Double) -> Double { 20 * log10(amplitude) }
}

/// A file's SHA-256 as `sha256sum` prints it: the manifest's checksums, made by another tool.
func sha256sum(of url: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", url.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(output.prefix(64))
}

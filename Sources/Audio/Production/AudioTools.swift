public import Foundation

/// The command-line tools audio production runs (espeak-ng, sox, lame), found on `PATH`.
/// Only `sogreto audio build` uses them; the bot and `content check` never do.
public struct AudioTools: Sendable {
    let espeak: URL
    let sox: URL
    let lame: URL

    /// Finds every tool or names the missing ones and the Debian packages that provide them.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AudioError) -> AudioTools {
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        func find(_ name: String) -> URL? {
            path.lazy.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
                .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        }
        let espeak = find("espeak-ng"), sox = find("sox"), lame = find("lame")
        guard let espeak, let sox, let lame else {
            let missing = [("espeak-ng", espeak), ("sox", sox), ("lame", lame)].filter { $0.1 == nil }.map(\.0)
            throw AudioError(.toolMissing, "\(missing.joined(separator: ", ")) not found on PATH; install with `apt-get install -y espeak-ng sox lame`")
        }
        return AudioTools(espeak: espeak, sox: sox, lame: lame)
    }

    /// Runs a tool to completion; a non-zero exit becomes an error with the tail of its stderr.
    /// Blocking: call it from a thread of the build's own worker pool, never the cooperative pool.
    func run(_ tool: URL, _ arguments: [String]) throws(AudioError) {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        // lame reads ID3 text arguments in the locale's charset; UTF-8 keeps Cyrillic titles intact.
        process.environment = ProcessInfo.processInfo.environment.merging(["LC_ALL": "C.UTF-8"]) { _, new in new }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw AudioError(.toolFailed, "cannot start \(tool.lastPathComponent): \(error.localizedDescription)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let tail = String(decoding: message.suffix(400), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw AudioError(.toolFailed, "\(tool.lastPathComponent) exited with \(process.terminationStatus): \(tail)")
        }
    }
}

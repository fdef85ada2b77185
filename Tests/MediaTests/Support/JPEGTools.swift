import Foundation

/// libjpeg-turbo's command-line tools (Debian's libjpeg-turbo-progs), to make the progressive
/// files the decoder is checked with: every sampling, scan scripts, restart intervals.
enum JPEGTools {
    static let cjpegPath = "/usr/bin/cjpeg"
    static let jpegtranPath = "/usr/bin/jpegtran"

    /// Why the tests that need the tools cannot run, or nil.
    static var missing: String? {
        [cjpegPath, jpegtranPath].first { !FileManager.default.isExecutableFile(atPath: $0) }
            .map { "\($0) is missing (install libjpeg-turbo-progs)" }
    }

    /// A photo-like picture: gradients, noise, fine grey stripes, and patches that differ from
    /// the rest in colour (`colourEdges`, hard edges of hue) or only in brightness.
    static func picture(width: Int, height: Int, seed: UInt32 = 7, colourEdges: Bool = true) -> [UInt8] {
        var state = seed
        var samples = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                state = state &* 1_103_515_245 &+ 12345
                let noise = Int(state >> 27)
                let patch = (x / 37 + y / 29) % 3 == 0
                let leaf = patch && colourEdges
                let bright = patch && !colourEdges ? 60 : 0
                let stripes = ((x / 3) % 2 == 0 && y > height / 2 ? 40 : 0) + bright
                let i = (y * width + x) * 3
                samples[i] = UInt8(min(255, (leaf ? 40 : 120) + x * 60 / width + noise + stripes))
                samples[i + 1] = UInt8(min(255, (leaf ? 170 : 110) + y * 50 / height + noise + stripes))
                samples[i + 2] = UInt8(min(255, (leaf ? 50 : 80) + noise * 2 + stripes))
            }
        }
        return samples
    }

    /// `samples` (RGB) encoded by cjpeg with `arguments`.
    static func cjpeg(_ samples: [UInt8], width: Int, height: Int, _ arguments: [String]) throws -> Data {
        let input = temporary("ppm")
        defer { try? FileManager.default.removeItem(at: input) }
        try (Data("P6\n\(width) \(height)\n255\n".utf8) + Data(samples)).write(to: input)
        return try run(cjpegPath, arguments + [input.path])
    }

    /// `jpeg` through jpegtran with `arguments`; a scan script is written to a file for `-scans`.
    static func jpegtran(_ jpeg: Data, _ arguments: [String], scans: String? = nil) throws -> Data {
        let input = temporary("jpg")
        let script = temporary("txt")
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: script)
        }
        try jpeg.write(to: input)
        var all = arguments
        if let scans {
            try Data(scans.utf8).write(to: script)
            all += ["-scans", script.path]
        }
        return try run(jpegtranPath, all + [input.path])
    }

    private static func temporary(_ suffix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-jpegtools-\(UUID().uuidString).\(suffix)")
    }

    private static func run(_ path: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else {
            throw ToolFailure(description: "\(path) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return data
    }

    struct ToolFailure: Error, CustomStringConvertible {
        let description: String
    }
}

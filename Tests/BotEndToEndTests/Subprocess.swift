import Foundation
import TestSupport

/// Runs a command to completion without holding a cooperative thread: output goes to a file,
/// and the exit is awaited through `ChildProcess` (the test pool has two threads on CI).
struct Subprocess {
    let status: Int32
    let output: String
    let errorOutput: String

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                    timeout: Double = 60) async throws -> Subprocess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = try ChildProcess(executable, arguments: arguments, environment: environment,
                                       output: try FileHandle(forWritingTo: out), errors: try FileHandle(forWritingTo: err))
        guard let status = await process.exit(within: .seconds(timeout)) else {
            await process.stop()
            throw SubprocessTimeout(command: executable.lastPathComponent)
        }
        return Subprocess(status: status,
                          output: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                          errorOutput: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// `pdftotext` of a PDF, layout ignored (words only).
    static func pdfText(_ pdf: URL) async throws -> String {
        try await run(URL(fileURLWithPath: "/usr/bin/pdftotext"), [pdf.path, "-"]).output
    }
}

struct SubprocessTimeout: Error, CustomStringConvertible {
    let command: String
    var description: String { "\(command) did not finish in time" }
}

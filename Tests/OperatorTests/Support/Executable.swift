import Foundation
import TestSupport

/// What a finished command printed and returned.
struct CommandOutput {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs a program to completion with exactly `environment` (nothing inherited), on a dispatch
/// thread: waiting for a child must not hold one of the few cooperative-pool threads that the
/// other suites running in parallel need.
func runCommand(_ executable: URL, _ arguments: [String], environment: [String: String],
                in directory: URL? = nil) async throws -> CommandOutput {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result {
                try runCommandBlocking(executable, arguments, environment: environment, in: directory)
            })
        }
    }
}

private func runCommandBlocking(_ executable: URL, _ arguments: [String], environment: [String: String],
                                in directory: URL?) throws -> CommandOutput {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandOutput(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
                         standardError: String(decoding: errData, as: UTF8.self))
}

/// Waits for `process` to exit on a dispatch thread (no polling, no cooperative thread held).
func exited(_ process: Process) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().async {
            process.waitUntilExit()
            continuation.resume()
        }
    }
}

/// Waits for `process` to exit; after `limit` it is killed and the answer is false.
func exited(_ process: Process, within limit: Duration) async -> Bool {
    let watchdog = Task { () -> Bool in
        do { try await Task.sleep(for: limit) } catch { return false } // a deadline: cancelled once the process exits
        guard process.isRunning else { return false }
        kill(process.processIdentifier, SIGKILL)
        return true
    }
    await exited(process)
    watchdog.cancel()
    return await !watchdog.value
}

import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// A child process awaited without holding a thread: Foundation calls `terminationHandler` from
/// its own monitoring thread, which resumes a continuation. On a 2-core machine Swift's
/// cooperative pool has two threads; a `waitUntilExit()` or a blocking pipe read there would
/// stall the in-process servers the child (a browser) is talking to, and every other test.
final class ChildProcess: Sendable {
    private let process: Process
    private let state = NIOLockedValueBox(State())
    let name: String

    private struct State {
        var exitStatus: Int32?
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    /// Starts `executable` with standard output written to `output` (a file, never a pipe).
    init(_ executable: String, arguments: [String], output: FileHandle? = nil) throws {
        name = URL(fileURLWithPath: executable).lastPathComponent
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [state] finished in
            let status = finished.terminationStatus
            let waiters = state.withLockedValue { state in
                state.exitStatus = status
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
        try process.run()
    }

    /// Whether the process has ended (it may have crashed before doing its work).
    var hasExited: Bool {
        state.withLockedValue { $0.exitStatus != nil }
    }

    /// The exit status, waiting (suspended, not blocking) until the process ends.
    func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = state.withLockedValue { state -> Int32? in
                if let status = state.exitStatus { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Waits for the exit for at most `timeout`; after that the process is stopped and the test
    /// fails with a sentence instead of hanging.
    func wait(timeout: Duration) async throws -> Int32 {
        let outcome = await withTaskGroup(of: Outcome.self) { group in
            group.addTask { .exited(await self.exitStatus()) }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    // Cancelled: either the process exited (stop() then does nothing) or the test
                    // itself was cancelled (its time limit), and the process must not outlive it.
                    await self.stop()
                    return .timerCancelled
                }
                await self.stop()
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
        guard case .exited(let status) = outcome else {
            throw SandboxTestFailure("\(name) did not finish within \(timeout); it was stopped.")
        }
        return status
    }

    private enum Outcome: Sendable {
        case exited(Int32)
        case timedOut
        case timerCancelled
    }

    /// Asks the process to end (SIGTERM), kills it (SIGKILL) if it has not after five seconds,
    /// and returns once it is gone.
    func stop() async {
        guard state.withLockedValue({ $0.exitStatus == nil }) else { return }
        process.terminate()
        let pid = process.processIdentifier
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await self.exitStatus() }
            group.addTask {
                // Cancelled early when the process exited; also when the test was cancelled, and
                // then it is killed at once rather than waited for.
                try? await Task.sleep(for: .seconds(5))
                if !self.hasExited { kill(pid, SIGKILL) }
            }
            await group.next()
            group.cancelAll()
        }
    }
}

import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// A child process awaited without holding a thread or polling: Foundation calls
/// `terminationHandler` from its own monitoring thread, which resumes the waiters. On a 2-core
/// machine Swift's cooperative pool has two threads; a `waitUntilExit()` or a blocking pipe read
/// there would stall the in-process servers the child talks to, and every other test.
public final class ChildProcess: Sendable {
    public let name: String
    public let pid: Int32
    private let process: Process
    private let state = NIOLockedValueBox(State())

    private struct State {
        var exitStatus: Int32?
        var waiters: [UInt64: CheckedContinuation<Int32?, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    /// Starts `executable`; output goes to files (never pipes, which fill up), or nowhere.
    public init(_ executable: URL, arguments: [String], environment: [String: String]? = nil,
                output: FileHandle? = nil, errors: FileHandle? = nil) throws {
        name = executable.lastPathComponent
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = errors ?? FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [state] finished in
            let status = finished.terminationStatus
            let waiters = state.withLockedValue { state in
                state.exitStatus = status
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
        try process.run()
        pid = process.processIdentifier
    }

    public convenience init(_ executable: String, arguments: [String], output: FileHandle? = nil) throws {
        try self.init(URL(fileURLWithPath: executable), arguments: arguments, output: output)
    }

    /// Whether the process has ended (it may have crashed before doing its work).
    public var hasExited: Bool { exitStatus != nil }

    /// The exit status once the process has ended; nil while it runs.
    public var exitStatus: Int32? { state.withLockedValue(\.exitStatus) }

    /// The exit status, or nil when the process still runs after `limit`.
    public func exit(within limit: Duration) async -> Int32? {
        await withDeadline(limit) { await self.exit() }
    }

    /// Waits for the exit for at most `timeout`; after that the process is stopped and the test
    /// fails with a sentence instead of hanging.
    public func wait(timeout: Duration) async throws -> Int32 {
        guard let status = await exit(within: timeout) else {
            await stop()
            throw ChildProcessTimeout(name: name, limit: timeout)
        }
        return status
    }

    /// SIGKILL, returning once the process is gone.
    public func kill9() async {
        kill(pid, SIGKILL)
        _ = await exit()
    }

    /// SIGTERM, as systemd sends it; the exit status, or nil when it did not end within `limit`
    /// (it is killed then).
    public func terminate(within limit: Duration = .seconds(30)) async -> Int32? {
        guard !hasExited else { return exitStatus }
        process.terminate()
        guard let status = await exit(within: limit) else {
            await kill9()
            return nil
        }
        return status
    }

    /// Asks the process to end, kills it if it has not after five seconds, and returns once it is gone.
    public func stop() async {
        _ = await terminate(within: .seconds(5))
    }

    /// Suspends until the exit; nil when the waiting task is cancelled first.
    private func exit() async -> Int32? {
        let id = state.withLockedValue { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now: Int32?? = state.withLockedValue { state in
                    if let status = state.exitStatus { return .some(status) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            state.withLockedValue { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }
}

public struct ChildProcessTimeout: Error, CustomStringConvertible {
    public let name: String
    public let limit: Duration
    public var description: String { "\(name) did not finish within \(limit); it was stopped." }
}

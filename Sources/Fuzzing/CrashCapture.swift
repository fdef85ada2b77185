// Glibc's timespec fields are attributed to CDispatch by the Linux overlay: imported for `tv_sec`.
import CDispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the input being parsed where a signal handler and a watchdog can reach it, so a crash
/// or a hang leaves that input in a file and says how to replay it. The handler only calls
/// async-signal-safe functions (open, write, close, raise).
enum CrashCapture {
    nonisolated(unsafe) private static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    nonisolated(unsafe) private static var capacity = 1
    nonisolated(unsafe) private static var length = 0
    nonisolated(unsafe) private static var crashPath: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var crashMessage: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var crashMessageLength = 0
    private static let startedAt = Atomic<UInt64>(0)
    private static let limitNanoseconds = Atomic<UInt64>(0)

    /// Where a crash or hang of this target leaves its input, and what it prints then.
    static func arm(target: String, seed: UInt64, crashFile: URL, hangLimit: Double) {
        crashPath.map { free($0) }
        crashMessage.map { free($0) }
        crashPath = strdup(crashFile.path)
        let message = "\nsogreto-fuzz: \(target) (seed \(seed)) failed on an input; it is saved in \(crashFile.path).\n"
            + "Replay it: sogreto-fuzz replay \(target) \(crashFile.path)\n"
        crashMessage = strdup(message)
        crashMessageLength = message.utf8.count
        limitNanoseconds.store(UInt64(hangLimit * 1e9), ordering: .relaxed)
        installHandlers()
        startWatchdog()
    }

    /// Called before each input reaches the parser.
    static func begin(_ input: [UInt8]) {
        if input.count > capacity {
            buffer.deallocate()
            capacity = input.count
            buffer = .allocate(capacity: capacity)
        }
        input.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base, count: input.count) }
        }
        length = input.count
        startedAt.store(monotonicNanoseconds(), ordering: .releasing)
    }

    static func end() { startedAt.store(0, ordering: .releasing) }

    /// Saves the current input and prints how to replay it; safe inside a signal handler.
    static func saveCurrentInput(reason: StaticString) {
        guard let crashPath else { return }
        let fd = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd >= 0 {
            _ = write(fd, buffer, length)
            close(fd)
        }
        reason.withUTF8Buffer { _ = write(2, $0.baseAddress, $0.count) }
        if let crashMessage { _ = write(2, crashMessage, crashMessageLength) }
    }

    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    nonisolated(unsafe) private static var handlersInstalled = false

    private static func installHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        for signalNumber in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(signalNumber) { received in
                CrashCapture.saveCurrentInput(reason: "\nsogreto-fuzz: the parser crashed (signal)")
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    nonisolated(unsafe) private static var watchdogStarted = false

    /// A thread that ends the process when one input runs past the limit: a hang is a finding.
    private static func startWatchdog() {
        guard !watchdogStarted else { return }
        watchdogStarted = true
        let thread = Thread {
            while true {
                usleep(50_000)
                let started = startedAt.load(ordering: .acquiring)
                guard started != 0 else { continue }
                if monotonicNanoseconds() &- started > limitNanoseconds.load(ordering: .relaxed) {
                    saveCurrentInput(reason: "\nsogreto-fuzz: one input ran past the time limit (a hang)")
                    exit(3)
                }
            }
        }
        thread.start()
    }
}

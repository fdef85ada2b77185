import Bot
import BotAssembly
import Foundation
import Logging

/// The bot under measurement in its own process (`ReminderBench bot paced|unlimited`), as in
/// production, where Telegram is not on our machine: the emulator, the seeding and the progress
/// polling stay in the benchmark's process, so their CPU and memory are not the bot's.
final class BenchBotProcess {
    private let process: Process
    private let output: Pipe
    /// CPU seconds the bot had used when it reported ready (start-up, migrations, announce).
    private(set) var cpuAtReady: Double = 0

    /// Starts the child with the variables `sogreto run` would read; returns once it is ready.
    static func start(environment: [String: String], paced: Bool) async throws -> BenchBotProcess {
        guard let executable = Bundle.main.executableURL else {
            throw BenchError(description: "cannot find this executable to start the bot process")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["bot", paced ? "paced" : "unlimited"]
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { current, _ in current }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let child = BenchBotProcess(process: process, output: output)
        guard await child.readLine() == "ready" else {
            child.process.terminate()
            throw BenchError(description: "the bot process exited before it was ready")
        }
        child.cpuAtReady = child.cpuSeconds() ?? 0
        return child
    }

    private init(process: Process, output: Pipe) {
        self.process = process
        self.output = output
    }

    /// One line of the child's standard output (a blocking read, kept off the cooperative pool).
    private func readLine() async -> String? {
        let handle = output.fileHandleForReading
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes: [UInt8] = []
                while true {
                    let chunk = handle.readData(ofLength: 1)
                    guard let byte = chunk.first else { return continuation.resume(returning: nil) }
                    if byte == UInt8(ascii: "\n") { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    /// User + system CPU seconds the child has used (Linux /proc), or nil once it is gone.
    func cpuSeconds() -> Double? {
        ProcessCPU.seconds(pid: process.processIdentifier)
    }

    /// Stops the bot as an operator would (SIGTERM, graceful shutdown), killing it after 20 s.
    func stop() async {
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The child's side: the real `BotRuntime` on the emulator, paced or with limits lifted.
    static func runBot(paced: Bool) async throws {
        // First: a SIGTERM while the bot starts ends it cleanly, not by the signal.
        await TerminationSignals.install()
        let configuration = try Configuration.load(from: ProcessInfo.processInfo.environment)
        guard configuration.token != nil else { throw BenchError(description: "TELEGRAM_BOT_TOKEN is not set") }
        // A benchmark bot (unpaced when limits are lifted) talks only to the local emulator.
        guard ["127.0.0.1", "localhost", "::1"].contains(configuration.apiURL.host ?? "") else {
            throw BenchError(description: "TELEGRAM_API_URL must be the local emulator: this bot sends unpaced")
        }
        let instance = try await BenchLeader.open(configuration)
        let runtime = try await assembleBenchBot(configuration, paced: paced, label: "reminder-bench-bot",
                                                 store: instance?.store)
        try await runtime.announce()
        if TerminationSignals.received { return }
        // On PostgreSQL the bot is ready once it leads (then it fires reminders and delivers).
        if instance == nil { say("ready") }
        try await runtime.run(handleSignals: true, background: instance?.services(runtime) { say("ready") } ?? [],
                              leadership: instance?.leadership)
    }
}

/// The bot both placements run, built as `sogreto run` builds it (`BotAssembly`): the real
/// `BotRuntime` on the system clock, warnings only, paced as in production or with the limits lifted.
func assembleBenchBot(_ configuration: Configuration, paced: Bool, label: String,
                      store: (any Store)? = nil) async throws -> BotRuntime {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    var options = BotOptions()
    options.limits = paced ? DeliveryLimits() : .unlimited
    options.pollTimeout = 1
    options.store = store
    return try await BotAssembly.build(configuration, options: options, logger: logger).runtime
}

/// CPU time of a process from /proc/PID/stat (fields 14 and 15, utime and stime).
enum ProcessCPU {
    static func seconds(pid: Int32? = nil) -> Double? {
        let path = pid.map { "/proc/\($0)/stat" } ?? "/proc/self/stat"
        // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
        guard let stat = try? String(contentsOfFile: path, encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

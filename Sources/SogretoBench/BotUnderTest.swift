import ArgumentParser
import Bot
import BotAssembly
import Foundation
import Logging
import TelegramEmulator

/// Where the measured bot runs.
enum BotPlacement: Sendable {
    /// A child process running `sogreto-bench bot`: its memory and CPU are its own, as in
    /// production, while the emulator stays in the benchmark's process.
    case childProcess(executable: URL)
    /// In the benchmark's process, beside the emulator (for tests: no executable needed).
    case inProcess
}

/// The real bot (`BotRuntime`: intake, store, outbox, delivery) under measurement, with Telegram's
/// pacing lifted (`DeliveryLimits.unlimited`) because the emulator's flood limits are off.
final class BotUnderTest {
    private let process: Process?
    private let inProcess: (runtime: BotRuntime, task: Task<Void, any Error>)?
    let dataDirectory: URL

    /// The child's process id, or nil when the bot runs in this process.
    var pid: Int32? { process?.processIdentifier }

    private init(process: Process?, inProcess: (BotRuntime, Task<Void, any Error>)?, dataDirectory: URL) {
        self.process = process
        self.inProcess = inProcess
        self.dataDirectory = dataDirectory
    }

    /// The variables `sogreto run` would read, pointing the bot at the emulator.
    static func environment(emulator: TelegramEmulator, dataDirectory: URL, assets: URL,
                            logLevel: String) -> [String: String] {
        [
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": dataDirectory.path,
            "SOGRETO_ASSETS_DIR": assets.path,
            // Text only: the benchmark measures the pipeline, not checking the narration catalog at start.
            "SOGRETO_AUDIO_DIR": dataDirectory.appendingPathComponent("no-audio").path,
            "SOGRETO_LOG_LEVEL": logLevel,
            "SOGRETO_SUPPORT_CONTACT": "@sogreto_care",
        ]
    }

    /// `extra`: more variables for the bot (media in a bucket, a PostgreSQL store); `webhook`: the
    /// child takes updates by webhook (SOGRETO_WEBHOOK_URL) instead of polling.
    static func start(_ placement: BotPlacement, emulator: TelegramEmulator, dataDirectory: URL, assets: URL,
                      logLevel: String, extra moreValues: [String: String] = [:],
                      webhook: Bool = false) async throws -> BotUnderTest {
        let values = environment(emulator: emulator, dataDirectory: dataDirectory, assets: assets, logLevel: logLevel)
            .merging(moreValues) { $1 }
        switch placement {
        case .childProcess(let executable):
            let process = Process()
            process.executableURL = executable
            process.arguments = [BotProcessCommand.configuration.commandName ?? "bot"] + (webhook ? ["--webhook"] : [])
            if let wrapper = ProcessInfo.processInfo.environment["SOGRETO_BENCH_WRAPPER"] {
                process.executableURL = URL(fileURLWithPath: wrapper)
                process.arguments = [executable.path] + (process.arguments ?? [])
            }
            var extra = ["PATH": "/usr/bin:/bin"]
            // Passed through so a run can compare glibc malloc tunables and store pool sizes.
            for (name, value) in ProcessInfo.processInfo.environment
            where name.hasPrefix("MALLOC_") || name == "GLIBC_TUNABLES" || name.hasPrefix("SOGRETO_BENCH_") {
                extra[name] = value
            }
            process.environment = values.merging(extra) { current, _ in current }
            try process.run()
            return BotUnderTest(process: process, inProcess: nil, dataDirectory: dataDirectory)
        case .inProcess:
            guard !webhook, moreValues["SOGRETO_DATABASE_URL"] == nil else {
                throw BenchError("Webhook intake and PostgreSQL run the bot as a child process only.")
            }
            let configuration = try Configuration.load(from: values)
            var logger = Logger(label: "bench-bot")
            logger.logLevel = configuration.logLevel
            var options = BotOptions()
            options.limits = .unlimited
            let runtime = try await BotAssembly.build(configuration, options: options, logger: logger).runtime
            try await runtime.announce()
            let task = Task { try await runtime.run(handleSignals: false) }
            return BotUnderTest(process: nil, inProcess: (runtime, task), dataDirectory: dataDirectory)
        }
    }

    var isRunning: Bool { process?.isRunning ?? true }

    /// Stops the bot as an operator would (SIGTERM for the child) and returns its exit status
    /// (0 for the in-process bot when it stopped cleanly; nil when the child had to be killed).
    func stop(within seconds: Double = 20) async -> Int32? {
        if let (_, task) = inProcess {
            task.cancel()
            return (try? await task.value) == nil ? 1 : 0
        }
        guard let process else { return nil }
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }

    /// Outbox rows still pending after the bot stopped: anything here was never delivered.
    func pendingOutbox() async throws -> Int {
        let database = try inProcess?.runtime.database
            ?? AppDatabase.open(at: dataDirectory.appendingPathComponent("sogreto.sqlite"))
        return try await database.pendingOutboxCount()
    }
}

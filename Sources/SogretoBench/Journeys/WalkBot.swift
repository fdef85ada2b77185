import Bot
import BotAssembly
import Foundation
import Logging
import Sandbox
import TelegramEmulator

/// The real bot (intake, SQLite store, outbox, delivery, reminders, media tasks) against the
/// emulator over loopback, on a clock that starts at a moment fixed by the seed and that the walk
/// moves ahead. One per walk: walks never share a clock.
final class WalkBot: Sendable {
    let emulator: TelegramEmulator
    let runtime: BotRuntime
    let clock: SandboxClock
    let dataDirectory: URL
    private let task: Task<Void, any Error>

    private init(emulator: TelegramEmulator, runtime: BotRuntime, clock: SandboxClock, dataDirectory: URL,
                 task: Task<Void, any Error>) {
        self.emulator = emulator
        self.runtime = runtime
        self.clock = clock
        self.dataDirectory = dataDirectory
        self.task = task
    }

    /// `start` is where the bot's clock begins; real time runs on from there.
    static func start(assets: URL, at start: Date) async throws -> WalkBot {
        let began = Date()
        let clock = SandboxClock(realNow: { start.addingTimeInterval(Date().timeIntervalSince(began)) })
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(
            floodLimits: .none, maxLongPollTimeout: 1, now: { clock.now() }, messageHistoryLimit: 5_000,
            requestLogLimit: 100_000))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-walk-\(UUID().uuidString)")
        let values = [
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": directory.path,
            "SOGRETO_ASSETS_DIR": assets.path,
            "SOGRETO_AUDIO_DIR": directory.appendingPathComponent("no-audio").path,
            "SOGRETO_SUPPORT_CONTACT": "@sogreto_care",
            "SOGRETO_LOG_LEVEL": "critical",
        ]
        do {
            let configuration = try Configuration.load(from: values)
            var logger = Logger(label: "walk-bot")
            logger.logLevel = .critical
            var options = BotOptions()
            options.clock = clock
            options.limits = .unlimited
            options.pollTimeout = 1
            options.mediaThreads = 1
            let runtime = try await BotAssembly.build(configuration, options: options, logger: logger).runtime
            try await runtime.announce()
            let task = Task { try await runtime.run(handleSignals: false) }
            return WalkBot(emulator: emulator, runtime: runtime, clock: clock, dataDirectory: directory, task: task)
        } catch {
            await emulator.shutdown()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        await emulator.shutdown()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// Waits until the bot has taken every update, sent everything due and finished the user's
    /// media tasks; false when it did not within `timeout` (itself a finding: a stuck bot).
    func settle(userID: Int64, timeout: Duration = .seconds(20)) async throws -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if try await isIdle(userID: userID) { return true }
            try await Task.sleep(for: .milliseconds(1))
        }
        return false
    }

    /// One look is enough when read from producer to consumer: the emulator forgets an update
    /// only when the bot asks past it, after committing its decision (outbox rows, jobs, media
    /// tasks in the same transaction); a claimed job or a finished media task commits its
    /// messages with it; an outbox row stays pending until Telegram (here, the emulator) has it.
    private func isIdle(userID: Int64) async throws -> Bool {
        guard await emulator.pendingUpdateCount() == 0 else { return false }
        let tasks = try await runtime.database.mediaTasks(userID: userID)
        guard !tasks.contains(where: { $0.state == "pending" || $0.state == "running" }) else { return false }
        let now = clock.now()
        if let due = try await runtime.database.nextJobDue(), due <= now { return false }
        if let due = try await runtime.database.nextOutboxDue(), due <= now { return false }
        return true
    }

    /// Moves the clock ahead by `interval`, stopping at every reminder and held-back message due
    /// on the way (as the sandbox's time travel does), so reminders fire on time, not as "late".
    func travel(by interval: TimeInterval, userID: Int64) async throws -> Bool {
        let end = clock.now().addingTimeInterval(interval)
        for _ in 0..<200 {
            guard try await settle(userID: userID) else { return false }
            let now = clock.now()
            let candidates = [try await runtime.database.nextJobDue(), try await runtime.database.nextOutboxDue()]
                .compactMap { $0 }.filter { $0 > now && $0 <= end }
            guard let stop = candidates.min() else { break }
            clock.advance(to: stop.addingTimeInterval(0.001))
        }
        clock.advance(to: end)
        return try await settle(userID: userID)
    }
}

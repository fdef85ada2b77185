import Foundation
import TelegramEmulator

/// What to run: how many users, how fast, for how long, and where the bot lives.
struct PipelineOptions: Sendable {
    var users: Int
    /// Updates per second pushed by the simulated users, whatever the bot does (open loop).
    var rate: Double
    var seconds: Double
    var placement: BotPlacement
    var assets: URL
    var botLogLevel = "warning"
    /// How long to wait for the last replies after the last update was queued.
    var drainTimeout: Duration = .seconds(15)

    var totalUpdates: Int { max(1, Int((rate * seconds).rounded())) }
}

/// The pipeline benchmark: simulated users push updates into the emulator at a fixed rate; the
/// real bot polls them, stores each in its transaction with its outbox rows, and delivers the
/// replies back to the emulator, which times every reply against its update.
struct PipelineBenchmark {
    let options: PipelineOptions
    var progress: @Sendable (String) -> Void = { _ in }

    func run() async throws -> PipelineResult {
        let ledger = ReplyLedger(expectedUpdates: options.totalUpdates)
        // Short histories and logs: the emulator stands in for Telegram, its memory is not the bot's.
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(
            floodLimits: .none, messageHistoryLimit: 4, requestLogLimit: 64, observer: ledger.observer))
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sogreto-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }

        let bot: BotUnderTest
        progress("emulator at \(emulator.baseURL.absoluteString); starting the bot")
        do {
            bot = try await BotUnderTest.start(options.placement, emulator: emulator, dataDirectory: dataDirectory,
                                               assets: options.assets, logLevel: options.botLogLevel)
            try await waitUntilPolling(emulator, bot: bot)
        } catch {
            await emulator.shutdown()
            throw error
        }
        progress("bot is polling; creating \(options.users) users")
        var users: [SimulatedUser] = []
        users.reserveCapacity(options.users)
        for index in 0..<options.users {
            users.append(await emulator.newUser(firstName: "User \(index)", languageCode: index % 4 == 0 ? "en" : "ru"))
        }

        let loadBefore = LoadAverage.read()
        let botBefore = ProcessStats.read(pid: bot.pid)
        let benchBefore = ProcessStats.read()
        let measureStart = ContinuousClock.now
        let pid = bot.pid
        let sampler = Task { await Self.peakResident(pid: pid) }
        progress("pushing \(options.totalUpdates) updates at \(Int(options.rate))/s")
        try await drive(Workload(users: options.users, total: options.totalUpdates), users: users,
                        emulator: emulator, ledger: ledger)
        progress("all updates queued; waiting for the last replies")
        let drained = await drain(ledger)
        // A moment more, so a late duplicate still shows up in the count.
        try? await Task.sleep(for: .milliseconds(500))

        let botAfter = ProcessStats.read(pid: bot.pid)
        let benchAfter = ProcessStats.read()
        let measured = ContinuousClock.now - measureStart
        sampler.cancel()
        let sampledPeak = await sampler.value
        let loadAfter = LoadAverage.read()
        progress("stopping the bot (SIGTERM) and the emulator")
        let exitStatus = await bot.stop()
        let pending = try? await bot.pendingOutbox()
        await emulator.shutdown()

        return PipelineResult(
            options: options, ledger: ledger.snapshot(), drained: drained,
            bot: MeasuredProcess(before: botBefore, after: botAfter, sampledPeakBytes: sampledPeak),
            bench: MeasuredProcess(before: benchBefore, after: benchAfter, sampledPeakBytes: nil),
            botIsSeparateProcess: bot.pid != nil, botExitStatus: exitStatus, pendingOutbox: pending,
            loadBefore: loadBefore, loadAfter: loadAfter,
            measuredSeconds: Double(measured.components.seconds) + Double(measured.components.attoseconds) / 1e18)
    }

    /// Waits until the bot answers a warm-up user's /start: then it is polling and delivering.
    /// The warm-up chat is not in the ledger, so it counts in no figure.
    private func waitUntilPolling(_ emulator: TelegramEmulator, bot: BotUnderTest) async throws {
        let warmUp = await emulator.newUser(firstName: "Warm-up")
        await emulator.sendText("/start", from: warmUp)
        let deadline = ContinuousClock.now + .seconds(60)
        while await emulator.messages(in: warmUp.chatID).isEmpty {
            guard bot.isRunning else { throw BenchError("The bot exited before it answered the warm-up /start.") }
            guard ContinuousClock.now < deadline else {
                throw BenchError("The bot did not answer the warm-up /start within 60 s.")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Open loop: update i is queued at start + i / rate, however slow the bot is. Updates that
    /// fall due while the driver is sleeping go out together on its next tick (≈1 ms).
    private func drive(_ workload: Workload, users: [SimulatedUser], emulator: TelegramEmulator,
                       ledger: ReplyLedger) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        var next = 0
        while next < workload.total {
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let due = min(workload.total, Int(seconds * options.rate) + 1)
            while next < due {
                let (index, update) = workload.update(at: next)
                let user = users[index]
                ledger.willSend(update.expectedReply, chatID: user.chatID)
                switch update {
                case .staleButton: await emulator.pressButton(update.rawValue, on: 1, from: user)
                case .contact, .help, .status: await emulator.sendText(update.rawValue, from: user)
                }
                next += 1
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Waits until every update has its reply, or the drain timeout passes; true when all arrived.
    private func drain(_ ledger: ReplyLedger) async -> Bool {
        let deadline = ContinuousClock.now + options.drainTimeout
        while ledger.outstanding > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return ledger.outstanding == 0
    }

    /// Samples the process's resident size every 100 ms until cancelled; returns the largest seen.
    private static func peakResident(pid: Int32?) async -> Int {
        var peak = 0
        while !Task.isCancelled {
            peak = max(peak, ProcessStats.read(pid: pid)?.residentBytes ?? 0)
            try? await Task.sleep(for: .milliseconds(100))
        }
        return peak
    }
}

/// Why the benchmark could not run, in one sentence.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

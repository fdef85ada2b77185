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
    /// Bot processes sharing the work (more than one needs `postgres` and `webhook`).
    var instances = 1
    /// The store on a throwaway PostgreSQL cluster instead of SQLite.
    var postgres = false
    /// Updates pushed by webhook through nginx (spread over the instances) instead of long polling.
    var webhook = false
    /// Webhook requests the emulator keeps in flight (Telegram's max_connections, 40 by default).
    var webhookConnections = 40
    /// Count the server's statements over the run (`pg_stat_statements`; PostgreSQL only).
    var countStatements = false
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
        var configuration = EmulatorConfiguration(
            floodLimits: .none, messageHistoryLimit: 4, requestLogLimit: 64, observer: ledger.observer)
        configuration.webhookConnections = options.webhookConnections
        let emulator = try await TelegramEmulator.start(configuration)
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sogreto-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }

        let fleet: PipelineFleet
        progress("emulator at \(emulator.baseURL.absoluteString); starting \(options.instances) bot(s) on "
                 + (options.postgres ? "PostgreSQL" : "SQLite") + (options.webhook ? " (webhook via nginx)" : " (polling)"))
        do {
            fleet = try await PipelineFleet.start(options, emulator: emulator, dataDirectory: dataDirectory, progress: progress)
        } catch {
            await emulator.shutdown()
            throw error
        }
        defer { fleet.removeStore() }
        do {
            try await waitUntilAnswering(emulator, fleet: fleet)
        } catch {
            _ = await fleet.stop()
            await emulator.shutdown()
            throw error
        }
        progress("the bot answers; creating \(options.users) users")
        var users: [SimulatedUser] = []
        users.reserveCapacity(options.users)
        for index in 0..<options.users {
            users.append(await emulator.newUser(firstName: "User \(index)", languageCode: index % 4 == 0 ? "en" : "ru"))
        }

        let loadBefore = LoadAverage.read()
        let botsBefore = fleet.bots.map { ProcessStats.read(pid: $0.pid) }
        let benchBefore = ProcessStats.read()
        let serverBefore = fleet.serverCPUSeconds()
        let commitsBefore = options.countStatements ? try StatementCounts.reset(fleet.store) : 0
        let measureStart = ContinuousClock.now
        let samplers = fleet.bots.map { bot in
            let pid = bot.pid
            return Task { await Self.peakResident(pid: pid) }
        }
        progress("pushing \(options.totalUpdates) updates at \(Int(options.rate))/s")
        try await drive(Workload(users: options.users, total: options.totalUpdates), users: users,
                        emulator: emulator, ledger: ledger)
        progress("all updates queued; waiting for the last replies")
        let drained = await drain(ledger)
        // A moment more, so a late duplicate still shows up in the count.
        try? await Task.sleep(for: .milliseconds(500))

        let botsAfter = fleet.bots.map { ProcessStats.read(pid: $0.pid) }
        let benchAfter = ProcessStats.read()
        let serverAfter = fleet.serverCPUSeconds()
        let measured = ContinuousClock.now - measureStart
        let statements = options.countStatements ? try? StatementCounts.read(fleet.store, commitsBefore: commitsBefore) : nil
        var bots: [MeasuredProcess] = []
        for (index, sampler) in samplers.enumerated() {
            sampler.cancel()
            bots.append(MeasuredProcess(before: botsBefore[index], after: botsAfter[index], sampledPeakBytes: await sampler.value))
        }
        let loadAfter = LoadAverage.read()
        progress("stopping the bot(s) (SIGTERM) and the emulator")
        let exitStatuses = await fleet.stop()
        let pending = try? await fleet.pendingOutbox()
        await emulator.shutdown()

        var result = PipelineResult(
            options: options, ledger: ledger.snapshot(), drained: drained, bots: bots,
            bench: MeasuredProcess(before: benchBefore, after: benchAfter, sampledPeakBytes: nil),
            botIsSeparateProcess: fleet.bots.allSatisfy { $0.pid != nil },
            botExitStatus: exitStatuses.allSatisfy { $0 == 0 } ? 0 : exitStatuses.first { $0 != 0 } ?? nil,
            pendingOutbox: pending, loadBefore: loadBefore, loadAfter: loadAfter,
            measuredSeconds: Double(measured.components.seconds) + Double(measured.components.attoseconds) / 1e18)
        if let serverBefore, let serverAfter { result.serverCPUSeconds = serverAfter - serverBefore }
        result.statements = statements
        return result
    }

    /// Waits until the bot answers a warm-up user's /start: then it is taking updates and
    /// delivering (with several instances: one leads). The warm-up chat is in no figure.
    private func waitUntilAnswering(_ emulator: TelegramEmulator, fleet: PipelineFleet) async throws {
        let warmUp = await emulator.newUser(firstName: "Warm-up")
        await emulator.sendText("/start", from: warmUp)
        let deadline = ContinuousClock.now + .seconds(60)
        while await emulator.messages(in: warmUp.chatID).isEmpty {
            guard fleet.bots.allSatisfy(\.isRunning) else {
                throw BenchError("A bot exited before it answered the warm-up /start.")
            }
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

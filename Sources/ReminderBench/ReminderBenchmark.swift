import Bot
import Foundation
import Logging
import PostgresStore
import Program
import TelegramEmulator

/// The reminder fan-out benchmark: many reminders due at the same instant, fired by the real scheduler and
/// sent by the real delivery through the emulator over loopback, while one person chats.
struct ReminderBenchmark {
    struct Result {
        var reminders: Int
        var claimedIn: TimeInterval
        var deliveredIn: TimeInterval
        var tooManyRequests: Int
        var interactiveLatencies: [TimeInterval]
        /// CPU seconds the bot used from the start of the fan-out to the last send (with the
        /// emulator's when both share the process); nil where /proc cannot be read.
        var botCPU: Double?
        /// CPU seconds of the benchmark's process over the same span when the bot has its own
        /// (the emulator answering the bot, and the progress polling).
        var emulatorCPU: Double?
        var ratePerSecond: Double { Double(reminders) / deliveredIn }
    }

    /// Where the bot runs while it is measured.
    enum Placement {
        /// Its own process (`ReminderBench bot`), as in production: the emulator (standing in for
        /// Telegram, which is not on our machine) and the benchmark's polling are not in it.
        case childProcess
        /// In the benchmark's process, beside the emulator.
        case inProcess
    }

    let reminders: Int
    /// Telegram's flood limits in the emulator and the bot's default pacing (30 msg/s); otherwise both lifted.
    let paced: Bool
    let assets: URL
    var placement = Placement.childProcess
    /// Only the scheduler's claim (jobs → outbox rows), without delivery: its own ceiling (in process).
    var claimOnly = false
    /// The store on a throwaway PostgreSQL cluster (the bot an elected instance, as `sogreto run`) instead of SQLite.
    var postgres = false

    func run() async throws -> Result {
        trace("starting the emulator")
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(
            floodLimits: paced ? .telegram : .none, maxLongPollTimeout: 1, messageHistoryLimit: 8,
            requestLogLimit: paced ? 20_000 : 1_000))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reminder-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = [
            "TELEGRAM_BOT_TOKEN": emulator.token, "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": directory.path, "SOGRETO_ASSETS_DIR": assets.path,
            "SOGRETO_AUDIO_DIR": directory.appendingPathComponent("no-audio").path, // text only: reminders are measured
            "SOGRETO_LOG_LEVEL": "warning",
        ]
        var server: BenchPostgres?
        if postgres { server = try await BenchPostgres.start() }
        defer { server?.stop() }
        if let server { environment["SOGRETO_DATABASE_URL"] = server.url }
        let configuration = try Configuration.load(from: environment)
        trace("emulator at \(emulator.baseURL)")
        let database: any Store
        if let server {
            database = try await server.open()
        } else {
            database = try AppDatabase.open(at: configuration.databaseURL)
        }
        let dueAt = Date()
        try await seed(database, emulator: emulator, dueAt: dueAt)
        let states = try await database.queueCensus().jobs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        trace("seeded \(reminders) users, jobs \(states)")
        let person = await emulator.newUser(firstName: "Вера", languageCode: "ru")

        let placement = claimOnly ? .inProcess : self.placement
        let start: Date
        var benchCPUAtStart: Double?
        let stopBot: () async -> Double?
        switch placement {
        case .childProcess:
            let bot = try await BenchBotProcess.start(environment: environment, paced: paced)
            trace("bot process ready")
            benchCPUAtStart = ProcessCPU.seconds()
            start = Date()
            stopBot = {
                let used = bot.cpuSeconds().map { $0 - bot.cpuAtReady }
                await bot.stop()
                return used
            }
        case .inProcess:
            let instance = try await BenchLeader.open(configuration)
            let runtime = try await assembleBenchBot(configuration, paced: paced, label: "reminder-bench",
                                                     store: instance?.store)
            try await runtime.announce()
            trace("bot ready in this process")
            if claimOnly {
                let start = Date()
                while try await runtime.scheduler.fireOnce(now: Date()).jobs > 0 {}
                let claimed = Date().timeIntervalSince(start)
                await emulator.shutdown()
                return Result(reminders: reminders, claimedIn: claimed, deliveredIn: claimed, tooManyRequests: 0,
                              interactiveLatencies: [])
            }
            let cpuAtStart = ProcessCPU.seconds()
            start = Date()
            let bot = Task {
                try await runtime.run(handleSignals: false, background: instance?.services(runtime) ?? [],
                                      leadership: instance?.leadership)
            }
            stopBot = {
                let used = ProcessCPU.seconds().flatMap { end in cpuAtStart.map { end - $0 } }
                bot.cancel()
                _ = await bot.result
                return used
            }
        }
        let probes = Task { paced ? await probeInteractive(emulator, person: person) : [] }
        let claimed: TimeInterval
        let delivered: TimeInterval
        do {
            (claimed, delivered) = try await waitForDelivery(database, since: start)
        } catch {
            probes.cancel()
            _ = await stopBot()
            await emulator.shutdown()
            throw error
        }
        probes.cancel()
        let latencies = await probes.value
        let benchCPU = ProcessCPU.seconds().flatMap { end in benchCPUAtStart.map { end - $0 } }
        let cpu = await stopBot()
        let throttled = await emulator.requestLog().filter { $0.httpStatus == 429 }.count
        await emulator.shutdown()
        if let postgres = database as? PostgresAppDatabase { await postgres.close() }
        return Result(reminders: reminders, claimedIn: claimed, deliveredIn: delivered, tooManyRequests: throttled,
                      interactiveLatencies: latencies, botCPU: cpu, emulatorCPU: benchCPU)
    }

    /// Users who started the journey and planted yesterday, each with a sprouts reminder made due at `dueAt`,
    /// written in bulk (the planner decides the job; only its time is moved to now).
    private func seed(_ database: any Store, emulator: TelegramEmulator, dueAt: Date) async throws {
        let catalog = try ProgramCatalog.load(from: assets.appendingPathComponent("programs"),
                                              uiStrings: assets.appendingPathComponent("locales"))
        let engine = ProgramEngine(catalog: catalog)
        let planner = ReminderPlanner(engine: engine)
        let started = dueAt.addingTimeInterval(-86_400)
        let zone = TimeZone(identifier: "Europe/Moscow") ?? .gmt
        let context = ProgramContext(now: started, timeZone: zone, locale: "ru", userName: "", photoCount: 0)
        guard var progress = engine.handle(.start(kitCode: nil), progress: nil, context: context).progress,
              let planting = catalog.program(id: progress.programID)?.stages.first else {
            throw BenchError(description: "the engine did not start the microgreens program")
        }
        // Nothing is planned before planting is complete: these users planted when they started.
        progress.stagesCompleted[planting.id] = started
        progress.position = .stageDone(stage: planting.id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(progress), as: UTF8.self)
        var users: [UserRecord] = []
        for index in 0..<reminders {
            let person = await emulator.newUser(firstName: "User\(index)", languageCode: "ru")
            var user = UserRecord(id: person.id, firstName: person.firstName, languageCode: "ru", locale: "ru", now: started)
            user.status = .active
            user.progress = json
            // The benchmark must not depend on the hour it runs: quiet hours would hold a night run till 08:00.
            user.quietHoursOptOut = true
            users.append(user)
        }
        let jobs = users.compactMap { user in
            planner.plan(for: user, now: started).first { $0.kind == .unlock }.map { job in
                var job = job
                job.dueAt = dueAt
                return job
            }
        }
        try await database.importUsers(users, jobs: jobs, now: started)
    }

    /// Seconds from `start` until every job was claimed and until every reminder was sent.
    private func waitForDelivery(_ database: any Store, since start: Date) async throws -> (TimeInterval, TimeInterval) {
        var claimed: TimeInterval?
        while true {
            try await Task.sleep(for: .milliseconds(50))
            let census = try await database.queueCensus()
            let (pendingJobs, sent, lastSent) = (census.jobs["pending"] ?? 0, census.remindersSent, census.lastReminderSentAt)
            if pendingJobs == 0, claimed == nil { claimed = Date().timeIntervalSince(start) }
            if sent >= reminders, let lastSent { return (claimed ?? 0, lastSent.timeIntervalSince(start)) }
            if ProcessInfo.processInfo.environment["REMINDER_BENCH_TRACE"] != nil {
                let detail = (census.jobs.map { "job \($0.key)=\($0.value)" } + census.outbox.map { "outbox \($0.key)=\($0.value)" })
                    .sorted().joined(separator: ", ")
                trace(String(format: "t=%.2f s: ", Date().timeIntervalSince(start)) + detail)
            }
            if Date().timeIntervalSince(start) > 600 { throw BenchError(description: "only \(sent) of \(reminders) reminders were sent in 10 minutes") }
        }
    }

    /// A person sends /help every two seconds during the fan-out; each reply's wait is measured.
    private func probeInteractive(_ emulator: TelegramEmulator, person: SimulatedUser) async -> [TimeInterval] {
        var latencies: [TimeInterval] = []
        try? await Task.sleep(for: .seconds(1))
        while !Task.isCancelled {
            // The emulator keeps a few messages per chat: compare the newest id, not the count.
            let before = await emulator.messages(in: person.chatID).last?.messageID
            let sent = Date()
            _ = await emulator.sendText("/help", from: person)
            while !Task.isCancelled, await emulator.messages(in: person.chatID).last?.messageID == before {
                try? await Task.sleep(for: .milliseconds(5))
            }
            if Task.isCancelled { break }
            latencies.append(Date().timeIntervalSince(sent))
            try? await Task.sleep(for: .seconds(2))
        }
        return latencies
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

/// One line to standard output, unbuffered, so progress shows even if the run is interrupted.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Progress lines when REMINDER_BENCH_TRACE is set.
func trace(_ line: String) {
    if ProcessInfo.processInfo.environment["REMINDER_BENCH_TRACE"] != nil { say(line) }
}

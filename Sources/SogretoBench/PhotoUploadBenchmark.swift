import Bot
import Foundation
import TelegramEmulator

/// The photo-upload service benchmark: many users upload big photos (as files) at once while other
/// users talk to the bot; measures the ingest rate and the interactive replies' latency.
struct PhotoUploadBenchmark {
    struct Options: Sendable {
        var uploaders: Int
        var photosPerUser: Int
        var interactiveUsers: Int
        /// Interactive updates per second, sent while the uploads are processed.
        var rate: Double
        var photos: [URL]
        var placement: BotPlacement
        var assets: URL
        var timeout: Duration = .seconds(180)
        /// More variables for the bot: `SOGRETO_S3_*` for media in a bucket.
        var botEnvironment: [String: String] = [:]
    }

    struct Result: Sendable {
        var photos: Int
        var replies: Int
        var storedRows: Int?
        var span: Duration?
        var interactive: LatencySummary
        var interactiveLost: Int
        var interactiveDuplicated: Int
        var botPeakBytes: Int?
        var botCPUSeconds: Double?
        var botExitStatus: Int32?

        var ingestsPerSecond: Double? {
            guard let span else { return nil }
            let seconds = Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18
            return seconds > 0 ? Double(replies) / seconds : nil
        }
    }

    let options: Options
    var progress: @Sendable (String) -> Void = { _ in }

    func run() async throws -> Result {
        let interactiveLedger = ReplyLedger()
        let uploads = PhotoUploadLedger()
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(
            floodLimits: .none, messageHistoryLimit: 4, requestLogLimit: 64,
            observer: { event in
                interactiveLedger.observer(event)
                uploads.record(event)
            }))
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-photo-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let bot = try await BotUnderTest.start(options.placement, emulator: emulator, dataDirectory: dataDirectory,
                                               assets: options.assets, logLevel: "warning", extra: options.botEnvironment)
        try await waitUntilAnswering(emulator, bot: bot)

        var uploaders: [SimulatedUser] = []
        for index in 0..<options.uploaders {
            uploaders.append(await emulator.newUser(firstName: "Uploader \(index)"))
        }
        uploads.watch(Set(uploaders.map(\.chatID)))
        var talkers: [SimulatedUser] = []
        for index in 0..<options.interactiveUsers { talkers.append(await emulator.newUser(firstName: "Talker \(index)")) }
        let files = try options.photos.map { try Data(contentsOf: $0) }
        let total = options.uploaders * options.photosPerUser
        let botBefore = ProcessStats.read(pid: bot.pid)

        progress("\(options.uploaders) users upload \(options.photosPerUser) photos each (\(total), as files); \(options.interactiveUsers) users talk at \(Int(options.rate))/s")
        let talking = Task { await talk(talkers, emulator: emulator, ledger: interactiveLedger) }
        for round in 0..<options.photosPerUser {
            for (index, user) in uploaders.enumerated() {
                // Distinct photos per user (the same bytes twice would be a duplicate, not an ingest).
                let data = files[(index + round) % files.count]
                await emulator.sendDocument(data, fileName: "IMG_\(round).jpg", mimeType: "image/jpeg", from: user)
            }
        }
        let deadline = ContinuousClock.now + options.timeout
        while uploads.replies < total, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        talking.cancel()
        await talking.value
        let drainDeadline = ContinuousClock.now + .seconds(10)
        while interactiveLedger.outstanding > 0, ContinuousClock.now < drainDeadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let botAfter = ProcessStats.read(pid: bot.pid)
        progress("stopping the bot")
        let exitStatus = await bot.stop()
        let stored = try? await AppDatabase.open(at: dataDirectory.appendingPathComponent("sogreto.sqlite"))
            .storageReport(budget: nil).photos
        await emulator.shutdown()
        let ledger = interactiveLedger.snapshot()
        return Result(photos: total, replies: uploads.replies, storedRows: stored, span: uploads.span,
                      interactive: LatencySummary(ledger.latencies), interactiveLost: ledger.lost,
                      interactiveDuplicated: ledger.duplicated, botPeakBytes: botAfter?.peakResidentBytes,
                      botCPUSeconds: botBefore.flatMap { before in botAfter.map { $0.cpuSeconds - before.cpuSeconds } },
                      botExitStatus: exitStatus)
    }

    /// Open loop: /help, /status, /contact at `rate` per second, round-robin over the talkers.
    private func talk(_ talkers: [SimulatedUser], emulator: TelegramEmulator, ledger: ReplyLedger) async {
        guard !talkers.isEmpty else { return }
        let start = ContinuousClock.now
        var sent = 0
        let commands = ["/help", "/status", "/contact"]
        while !Task.isCancelled {
            let elapsed = ContinuousClock.now - start
            let due = Int((Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * options.rate) + 1
            while sent < due {
                let user = talkers[sent % talkers.count]
                ledger.willSend(.message, chatID: user.chatID)
                await emulator.sendText(commands[sent % commands.count], from: user)
                sent += 1
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    private func waitUntilAnswering(_ emulator: TelegramEmulator, bot: BotUnderTest) async throws {
        let warmUp = await emulator.newUser(firstName: "Warm-up")
        await emulator.sendText("/start", from: warmUp)
        let deadline = ContinuousClock.now + .seconds(60)
        while await emulator.messages(in: warmUp.chatID).isEmpty {
            guard bot.isRunning else { throw BenchError("The bot exited before it answered the warm-up /start.") }
            guard ContinuousClock.now < deadline else { throw BenchError("The bot did not answer within 60 s.") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

import Foundation
import Logging
import BotAssembly
import Media
import PostgresStore
import TelegramEmulator
@testable import Bot
import BotMedia
import TestSupport

let repositoryRoot = Repository.root

/// The real bot (intake, store, delivery) running in-process against the emulator over loopback.
final class BotHarness: Sendable {
    let emulator: TelegramEmulator
    let runtime: BotRuntime
    let dataDirectory: URL
    private let task: Task<Void, any Error>

    static func start(floodLimits: FloodLimits = .none, limits: DeliveryLimits? = nil,
                      emulator existing: TelegramEmulator? = nil, dataDirectory: URL? = nil,
                      supportContact: String? = "@sogreto_care",
                      clock: any BotClock = SystemClock(),
                      audioDirectory: URL? = nil, adminIDs: [Int64] = [],
                      environment: [String: String] = [:],
                      photoAdvisor: (any PhotoAdvisor)? = nil, timeouts: TelegramTimeouts = TelegramTimeouts(),
                      metrics: BotMetrics = BotMetrics(), blobs: (any BlobStore)? = nil,
                      postgresURL: String? = nil, mediaOnly: Bool = false,
                      logger: Logger? = nil) async throws -> BotHarness {
        let emulator: TelegramEmulator
        if let existing {
            emulator = existing
        } else {
            emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: floodLimits,
                                                                              maxLongPollTimeout: 1))
        }
        let directory = dataDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("sogreto-e2e-\(UUID().uuidString)")
        var values = [
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.baseURL.absoluteString,
            "SOGRETO_DATA_DIR": directory.path,
            "SOGRETO_ASSETS_DIR": repositoryRoot.appendingPathComponent("assets").path,
        ]
        values["SOGRETO_SUPPORT_CONTACT"] = supportContact
        // Text only unless a test brings its own catalog: the real narration is too big to check at every start.
        values["SOGRETO_AUDIO_DIR"] = (audioDirectory ?? directory.appendingPathComponent("no-audio")).path
        values["SOGRETO_ADMIN_IDS"] = adminIDs.map(String.init).joined(separator: ",")
        // On PostgreSQL (`postgresURL`) as `sogreto run` opens it: a store of the instance's own on the shared database.
        values["SOGRETO_DATABASE_URL"] = postgresURL
        values.merge(environment) { _, extra in extra }
        let configuration = try Configuration.load(from: values)
        var quiet = Logger(label: "e2e")
        quiet.logLevel = .critical
        var options = BotOptions()
        options.clock = clock
        options.limits = limits ?? .forTests(floodLimits)
        options.pollTimeout = 1
        options.metrics = metrics
        options.photoAdvisor = photoAdvisor
        options.blobs = blobs
        options.timeouts = timeouts
        let runtime = try await BotAssembly.build(configuration, options: options, logger: logger ?? quiet).runtime
        // `mediaOnly`: an instance that is not the leader runs media tasks alone (polling, delivery
        // and reminders are the leader's).
        if !mediaOnly { try await runtime.announce() }
        let task = Task { mediaOnly ? try await runtime.media.run() : try await runtime.run(handleSignals: false) }
        return BotHarness(emulator: emulator, runtime: runtime, dataDirectory: directory, task: task)
    }

    private init(emulator: TelegramEmulator, runtime: BotRuntime, dataDirectory: URL, task: Task<Void, any Error>) {
        self.emulator = emulator
        self.runtime = runtime
        self.dataDirectory = dataDirectory
        self.task = task
    }

    /// Stops the bot; the emulator keeps running unless `emulatorToo`.
    func stop(emulatorToo: Bool = true) async {
        task.cancel()
        _ = await task.result
        await (runtime.database as? PostgresAppDatabase)?.close()
        if emulatorToo {
            await emulator.shutdown()
            try? FileManager.default.removeItem(at: dataDirectory)
        }
    }

    /// Waits until the bot has sent `count` messages to the user and returns them.
    func replies(to user: SimulatedUser, count: Int, timeout: Duration = .seconds(30)) async throws -> [BotMessage] {
        try await emulator.waitForMessages(in: user.chatID, count: count, timeout: timeout)
    }

    /// A new user who has sent /start with a kit code and had the welcome; with the count of
    /// messages in their chat so far.
    func startedUser(_ firstName: String = "Вера", language: String = "ru") async throws -> (SimulatedUser, Int) {
        let user = await emulator.newUser(firstName: firstName, languageCode: language)
        await emulator.sendText("/start mg-1", from: user)
        _ = try await replies(to: user, count: 1)
        try await settle()
        return (user, await emulator.messages(in: user.chatID).count)
    }

    /// Waits for the outbox to drain, so "nothing more was sent" can be asserted.
    func settle(timeout: TimeInterval = 30, idle: TimeInterval = 0.15) async throws {
        _ = try await quiescence(span: .seconds(idle), within: .seconds(timeout)) {
            let unsent = try await runtime.database.pendingOutboxCount()
            let queued = await emulator.pendingUpdateCount()
            return unsent == 0 && queued == 0
        }
    }
}

/// Runs `body` with a started bot and stops it afterwards, also when the body throws.
func withBot(floodLimits: FloodLimits = .none, clock: any BotClock = SystemClock(), audioDirectory: URL? = nil,
             _ body: (BotHarness) async throws -> Void) async throws {
    let bot = try await BotHarness.start(floodLimits: floodLimits, clock: clock, audioDirectory: audioDirectory)
    do {
        try await body(bot)
    } catch {
        await bot.stop()
        throw error
    }
    await bot.stop()
}

extension DeliveryLimits {
    /// Telegram's pacing when the emulator enforces Telegram's limits; otherwise fast, so tests
    /// that are not about pacing do not wait a second per message.
    static func forTests(_ floodLimits: FloodLimits) -> DeliveryLimits {
        if floodLimits == .telegram { return DeliveryLimits() }
        var limits = DeliveryLimits()
        limits.perChatPerSecond = 200
        limits.perChatBurst = 50
        limits.overallPerSecond = 2_000
        limits.overallBurst = 500
        return limits
    }
}

/// Real time shifted by an offset the test moves forward, for journeys that span days.
final class ShiftedClock: BotClock, @unchecked Sendable {
    // @unchecked Sendable: `offset` is only touched under `lock`.
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    func now() -> Date { Date().addingTimeInterval(lock.withLock { offset }) }

    func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSince(now())
        // The clock's own sleep, in real time; a second at most, since the test may shift time meanwhile.
        if seconds > 0 { try await Task.sleep(for: .seconds(min(seconds, 1))) }
    }

    func advance(by seconds: TimeInterval) { lock.withLock { offset += seconds } }
}

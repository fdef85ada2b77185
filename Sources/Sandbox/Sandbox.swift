public import Bot
import BotAssembly
public import Foundation
import Hummingbird
public import Logging
import NIOPosix
import ServiceLifecycle
package import TelegramEmulator
import UnixSignals

/// The whole bot on one machine without Telegram: the Bot API emulator on loopback, the real
/// bot (`BotRuntime`, the same code as production) talking to it, and a web chat that plays the
/// users. Time is the sandbox's own `SandboxClock`, so previews can jump hours or days ahead.
public final class Sandbox: Sendable {
    /// The web chat, e.g. http://127.0.0.1:8088/.
    public let url: URL
    package let clock: SandboxClock
    package let emulator: TelegramEmulator
    public let runtime: BotRuntime
    public let dataDirectory: URL
    private let serviceGroup: ServiceGroup
    private let task: Task<Void, any Error>
    private let lock: DataDirectoryLock

    private init(url: URL, clock: SandboxClock, emulator: TelegramEmulator, runtime: BotRuntime, dataDirectory: URL,
                 serviceGroup: ServiceGroup, task: Task<Void, any Error>, lock: DataDirectoryLock) {
        self.url = url
        self.clock = clock
        self.emulator = emulator
        self.runtime = runtime
        self.dataDirectory = dataDirectory
        self.serviceGroup = serviceGroup
        self.task = task
        self.lock = lock
    }

    /// Starts the emulator, the bot and the web chat; returns once the web chat accepts connections.
    /// The sandbox's data directory is emptied first: the emulator keeps its users in memory, so
    /// a bot database from an earlier run would describe people who no longer exist.
    public static func start(_ options: SandboxOptions, logger: Logger) async throws -> Sandbox {
        let dataDirectory = options.dataDirectory
        // Blocking file work goes to NIO's shared pool for blocking work, off the cooperative pool
        // (two threads on a 2-core machine) that the web chat, the emulator and the bot need meanwhile.
        let lock = try await NIOThreadPool.singleton.runIfActive {
            let lock: DataDirectoryLock
            do {
                lock = try DataDirectoryLock(dataDirectory, for: .own)
            } catch let error as DataDirectoryInUse {
                throw SandboxError(error.description)
            }
            try resetDataDirectory(dataDirectory)
            return lock
        }
        let clock = SandboxClock()
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(
            token: "100000001:sandbox-emulator-token", botUsername: "sogreto_sandbox_bot", botFirstName: "Sogreto",
            now: { clock.now() }))
        do {
            let configuration = try botConfiguration(options, emulator: emulator, dataDirectory: dataDirectory)
            var botOptions = BotOptions()
            botOptions.clock = clock
            botOptions.store = try await options.openStore?(configuration)
            let runtime = try await BotAssembly.build(configuration, options: botOptions, logger: logger).runtime
            let page = try await NIOThreadPool.singleton.runIfActive {
                try SandboxPage.load(from: configuration.assetsDirectory.appendingPathComponent("sandbox"))
            }
            try await runtime.announce()
            let api = SandboxAPI(emulator: emulator, clock: clock,
                                 timeTravel: TimeTravel(clock: clock, database: runtime.database), users: SandboxUsers(), reports: ScenarioReports())
            return try await serve(options, page: page, api: api, runtime: runtime, emulator: emulator, clock: clock,
                                   dataDirectory: dataDirectory, lock: lock, logger: logger)
        } catch {
            await emulator.shutdown()
            throw error
        }
    }

    /// Stops the web chat and the bot (in-flight updates finish), then the emulator.
    package func shutdown() async {
        await serviceGroup.triggerGracefulShutdown()
        _ = await task.result
        await emulator.shutdown()
    }

    /// Waits until a signal (with `handlesSignals`) or `shutdown()` stops the sandbox.
    public func waitUntilStopped() async throws {
        let result = await task.result
        await emulator.shutdown()
        try result.get()
    }

    // MARK: Start-up steps

    /// Empties the directory but keeps the lock files this sandbox holds.
    private static func resetDataDirectory(_ directory: URL) throws {
        let files = FileManager.default
        do {
            for name in try files.contentsOfDirectory(atPath: directory.path) where !DataDirectoryLock.fileNames.contains(name) {
                try files.removeItem(at: directory.appendingPathComponent(name))
            }
        } catch {
            throw SandboxError("The sandbox cannot prepare its data directory \(directory.path): \(error.localizedDescription)")
        }
    }

    /// The configuration `sogreto run` would read, pointed at the emulator and the sandbox's data.
    private static func botConfiguration(_ options: SandboxOptions, emulator: TelegramEmulator,
                                         dataDirectory: URL) throws -> Configuration {
        var values = options.environment
        values["TELEGRAM_BOT_TOKEN"] = emulator.token
        values["TELEGRAM_API_URL"] = emulator.baseURL.absoluteString
        values["SOGRETO_DATA_DIR"] = dataDirectory.path
        for webhookSetting in ["SOGRETO_WEBHOOK_URL", "SOGRETO_WEBHOOK_SECRET"] { values[webhookSetting] = nil }
        do {
            return try Configuration.load(from: values, workingDirectory: options.workingDirectory)
        } catch let error as ConfigurationError {
            throw SandboxError("Configuration: \(error.description).")
        }
    }

    private static func serve(_ options: SandboxOptions, page: SandboxPage, api: SandboxAPI, runtime: BotRuntime,
                              emulator: TelegramEmulator, clock: SandboxClock, dataDirectory: URL,
                              lock: DataDirectoryLock, logger: Logger) async throws -> Sandbox {
        var webLogger = logger
        webLogger.logLevel = max(logger.logLevel, .warning)
        let requestGuard = SameOriginGuard(host: options.host)
        let (ports, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let (webIsUp, webIsUpContinuation) = AsyncStream<Void>.makeStream()
        let application = Application(
            router: SandboxRouter.build(page: page, api: api, guard: requestGuard,
                                        uploads: UploadSpool(directory: dataDirectory.appendingPathComponent("web-uploads"))),
            // Silent connections (idle, or a request stopped half-way) are closed.
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(HTTPServerTimeouts.nanoseconds(options.idleTimeout)))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                requestGuard.listening(on: channel.localAddress?.port ?? options.port)
                webIsUpContinuation.yield()
                continuation.yield(.success(channel.localAddress?.port ?? options.port))
            },
            logger: webLogger)
        let serviceGroup = ServiceGroup(configuration: .init(
            // Shut down in reverse order: the web chat first, then the bot.
            services: ServiceName.configurations([BotService(runtime: runtime, startWhen: webIsUp), application]),
            gracefulShutdownSignals: options.handlesSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        let task = Task {
            defer { continuation.finish() }
            do {
                if options.handlesSignals {
                    try await TerminationSignals.run(serviceGroup)
                } else {
                    try await serviceGroup.run()
                }
            } catch {
                continuation.yield(.failure(error))
                throw error
            }
        }
        for await event in ports {
            let port: Int
            do {
                port = try event.get()
            } catch {
                throw SandboxError(
                    "The web chat could not listen on \(options.host):\(options.port) (\(error)): is another sandbox running? Choose another port with --port or SOGRETO_SANDBOX_PORT.")
            }
            let host = options.host.contains(":") ? "[\(options.host)]" : options.host
            guard let url = URL(string: "http://\(host):\(port)/") else {
                throw SandboxError("The sandbox could not form a URL from host \(options.host).")
            }
            return Sandbox(url: url, clock: clock, emulator: emulator, runtime: runtime, dataDirectory: dataDirectory,
                           serviceGroup: serviceGroup, task: task, lock: lock)
        }
        throw SandboxError("The web chat stopped before it started listening on \(options.host):\(options.port).")
    }
}

/// The bot as one service of the sandbox's group; its own intake and delivery stop gracefully
/// when the group does.
struct BotService: ShortlyDescribedService {
    var description: String { "SandboxBot" }

    let runtime: BotRuntime
    /// Yields once the web chat listens: a port already in use then stops the sandbox before
    /// the bot ever starts.
    let startWhen: AsyncStream<Void>

    func run() async throws {
        var ready = startWhen.makeAsyncIterator()
        guard await ready.next() != nil, !Task.isCancelled else { return }
        try await runtime.run(handleSignals: false)
    }
}

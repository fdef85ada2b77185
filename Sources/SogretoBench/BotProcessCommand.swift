import ArgumentParser
import Bot
import Foundation
import Logging

/// `sogreto-bench bot`: the bot as `sogreto run` runs it (same `BotRuntime`, SIGTERM handling and
/// logging) but with Telegram's pacing lifted, for the pipeline benchmark to start as a child
/// process. Reads only the variables the benchmark passes, never `.env` files, so a developer's
/// real token cannot leak into a benchmark.
struct BotProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bot",
        abstract: "Run the bot with delivery pacing lifted (started by `pipeline`; not for production).",
        shouldDisplay: false
    )

    func run() async throws {
        let configuration = try Configuration.load(from: ProcessInfo.processInfo.environment)
        try LineLogHandler.bootstrap(level: configuration.logLevel, directory: nil, maxBytes: 1 << 20, maxFiles: 1)
        guard let token = configuration.token else {
            throw ValidationError("TELEGRAM_BOT_TOKEN is not set: `pipeline` passes the emulator's token.")
        }
        // Unpaced sending is only for the emulator: never point this at api.telegram.org.
        guard ["127.0.0.1", "localhost", "::1"].contains(configuration.apiURL.host ?? "") else {
            throw ValidationError("TELEGRAM_API_URL must be the local emulator (127.0.0.1): this bot sends unpaced.")
        }
        let logger = Logger(label: "sogreto-bench-bot")
        let runtime = try BotRuntime.prepare(
            configuration: configuration,
            client: HTTPTelegramClient(baseURL: configuration.apiURL, token: token.value, logger: logger),
            clock: SystemClock(), limits: .unlimited, logger: logger)
        try await runtime.announce()
        try await runtime.run(handleSignals: true)
    }
}

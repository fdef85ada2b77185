import ArgumentParser
import Bot
import Foundation
import Logging
import Sandbox

/// `sogreto sandbox`: the emulator, the real bot and a web chat on this machine, no token needed.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Try the whole bot in a browser without Telegram (local emulator + web chat).",
        discussion: """
        Starts a local Telegram Bot API emulator, the real bot against it (data in \
        $SOGRETO_DATA_DIR/sandbox or storage/sandbox, and with SOGRETO_DATABASE_URL its store in \
        the PostgreSQL schema sogreto_sandbox, both emptied at each start) and a web chat that \
        looks like a Telegram private chat. Open the printed URL, create users, talk to the bot, \
        and move the bot's clock ahead by hours or days. Stop with Ctrl-C.
        """)

    @Option(help: "The web chat's port (default: $SOGRETO_SANDBOX_PORT or 8088).")
    var port: Int?

    func validate() throws {
        if let port, !(1...65535).contains(port) {
            throw ValidationError("--port must be a whole number from 1 to 65535.")
        }
    }

    func run() async throws {
        // First: a SIGTERM while the sandbox starts ends it cleanly, not by the signal.
        await TerminationSignals.install()
        let level = Self.logLevel(try Self.sandboxEnvironment())
        try LineLogHandler.bootstrap(level: level, directory: nil, maxBytes: 1 << 20, maxFiles: 1)
        try await Self.start(port: port)
    }

    /// Also what `sogreto run` does when no TELEGRAM_BOT_TOKEN is set.
    static func start(port explicitPort: Int?) async throws {
        let environment = try sandboxEnvironment()
        let port = try explicitPort ?? portFromEnvironment(environment)
        var logger = Logger(label: "sogreto.sandbox")
        logger.logLevel = logLevel(environment)
        var options = SandboxOptions(port: port, environment: environment, handlesSignals: true)
        options.openStore = { try await openSandboxPostgres($0) }
        // A SandboxError is one sentence; ArgumentParser prints it as "Error: …" and exits non-zero.
        let sandbox = try await Sandbox.start(options, logger: logger)
        let narrating = sandbox.runtime.narrations.buildIfMissingOrStale()
        let audio = narrating ? "  Audio: narration catalog missing or older than the scripts; building it in the background (the bot offers audio when done)\n" : ""
        // Written unbuffered: the URL must show even when stdout is a pipe (scripts/run | tee).
        FileHandle.standardOutput.write(Data("""
        Sogreto sandbox: the real bot against a local Telegram emulator (no token needed).
          Web chat: \(sandbox.url.absoluteString)
          Bot data: \(sandbox.dataDirectory.path)\(sandbox.runtime.sqlite == nil ? " and PostgreSQL schema \(sandboxSchema)" : "") (emptied at each start)
        \(audio)Open the web chat in a browser; stop with Ctrl-C.

        """.utf8))
        try await sandbox.waitUntilStopped()
    }

    /// The process environment over `.env` and `.env.<SOGRETO_ENV>`, as `sogreto run` reads it.
    private static func sandboxEnvironment() throws -> [String: String] {
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let process = ProcessInfo.processInfo.environment
        let base = DotEnv.merged(environment: process, files: [directory.appendingPathComponent(".env")])
        let files = [directory.appendingPathComponent(".env"),
                     directory.appendingPathComponent(".env.\(base["SOGRETO_ENV"] ?? "dev")")]
        return DotEnv.merged(environment: process, files: files)
    }

    /// Quiet by default so the URL stays visible; SOGRETO_LOG_LEVEL=info shows every update.
    private static func logLevel(_ environment: [String: String]) -> Logger.Level {
        environment["SOGRETO_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
    }

    private static func portFromEnvironment(_ environment: [String: String]) throws -> Int {
        guard let value = environment["SOGRETO_SANDBOX_PORT"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return SandboxOptions.defaultPort
        }
        guard let port = Int(value), (1...65535).contains(port) else {
            throw ValidationError("Configuration: SOGRETO_SANDBOX_PORT must be a whole number from 1 to 65535, got \"\(value)\".")
        }
        return port
    }
}

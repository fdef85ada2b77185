public import Bot
public import Foundation

/// What `Sandbox.start` needs: where the web chat listens and the environment the bot's
/// configuration is read from (the same variables as `sogreto run`, minus the token).
public struct SandboxOptions: Sendable {
    /// The web chat's address; loopback by default because the sandbox has no authentication.
    public var host: String
    /// 0 asks the system for a free port (tests); `Sandbox.url` tells which one it chose.
    public var port: Int
    /// Variables as `Configuration.load(from:)` reads them (process environment over `.env`).
    /// `TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL` and the webhook settings are replaced: the bot
    /// talks to the sandbox's own emulator.
    public var environment: [String: String]
    public var workingDirectory: URL
    /// Whether SIGINT/SIGTERM stop the sandbox (the command), or only `shutdown()` does (tests).
    public var handlesSignals: Bool
    /// Connections silent this long (idle, or a request stopped half-way) are closed.
    package var idleTimeout: Duration = HTTPServerTimeouts.idle
    /// Opens the bot's store, emptied, for the sandbox's configuration (PostgreSQL when
    /// SOGRETO_DATABASE_URL is set); nil or returning nil: SQLite in the sandbox's data directory.
    public var openStore: (@Sendable (Configuration) async throws -> (any Store)?)?

    public static let defaultPort = 8088

    public init(host: String = "127.0.0.1", port: Int = SandboxOptions.defaultPort, environment: [String: String],
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                handlesSignals: Bool = false) {
        self.host = host
        self.port = port
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.handlesSignals = handlesSignals
    }

    /// The sandbox's own data directory: `$SOGRETO_DATA_DIR/sandbox`, or `storage/sandbox`, so it
    /// never touches a real bot's database.
    public var dataDirectory: URL {
        if let base = environment["SOGRETO_DATA_DIR"]?.trimmingCharacters(in: .whitespaces), !base.isEmpty {
            let root = base.hasPrefix("/") ? URL(fileURLWithPath: base) : workingDirectory.appendingPathComponent(base)
            return root.appendingPathComponent("sandbox").standardizedFileURL
        }
        return workingDirectory.appendingPathComponent("storage").appendingPathComponent("sandbox").standardizedFileURL
    }
}

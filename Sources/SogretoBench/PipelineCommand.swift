import ArgumentParser
import Bot
import Foundation

/// `sogreto-bench pipeline`: the benchmark of the whole pipeline through the emulator.
struct PipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Push updates through intake → store → outbox → delivery and time every reply.",
        discussion: """
            Simulated users queue updates (/start, /help, /status, stale button presses) in the \
            emulator at a fixed rate; the bot (a child process unless --in-process) answers them. \
            With --webhook the emulator pushes them through nginx (as DEPLOY.md sets it up) to \
            --instances bots; --postgres keeps the store on a throwaway PostgreSQL cluster (needs \
            Debian's postgresql), which several instances share. Exits 1 when a target is missed \
            (≥ --rate updates/s, p99 ≤ 50 ms polling or ≤ 100 ms by webhook, nothing lost or \
            duplicated, each bot's RSS ≤ 80 MB) unless --report-only.
            """)

    @Option(help: "Distinct simulated users.")
    var users = 10_000

    @Option(help: "Updates per second (open loop).")
    var rate = 1_000.0

    @Option(help: "Seconds of traffic.")
    var seconds = 30.0

    @Option(help: "The assets directory (locales) the bot loads (default: $SOGRETO_ASSETS_DIR, else where `sogreto run` finds them).")
    var assets: String?

    private var assetsFolder: URL { AssetsLocation.resolve(option: assets) }

    @Option(help: "The bot's log level (trace … critical).")
    var botLogLevel = "warning"

    @Flag(help: "Run the bot in this process instead of a child process (its RSS then includes the emulator's).")
    var inProcess = false

    @Option(help: "Bot processes behind nginx (more than one needs --postgres; implies --webhook).")
    var instances = 1

    @Flag(help: "Keep the store on a throwaway PostgreSQL cluster instead of SQLite.")
    var postgres = false

    @Flag(help: "Push updates by webhook through nginx instead of long polling.")
    var webhook = false

    @Flag(help: "With --postgres: load pg_stat_statements into the cluster and print the statements run per update.")
    var countStatements = false

    @Flag(help: "Print the figures but exit 0 even when a target is missed.")
    var reportOnly = false

    func validate() throws {
        guard users >= 1 else { throw ValidationError("--users must be at least 1.") }
        guard rate > 0, seconds > 0 else { throw ValidationError("--rate and --seconds must be positive.") }
        guard instances >= 1, instances == 1 || postgres else {
            throw ValidationError("--instances must be at least 1, and more than one share a store only with --postgres.")
        }
        guard !inProcess || (!postgres && !webhook && instances == 1) else {
            throw ValidationError("--in-process runs one polling bot on SQLite; drop it for --postgres, --webhook or --instances.")
        }
        guard !countStatements || postgres else { throw ValidationError("--count-statements needs --postgres.") }
        guard FileManager.default.fileExists(atPath: assetsFolder.appendingPathComponent("locales").path) else {
            throw ValidationError("--assets \(assetsFolder.path) has no locales folder: run from the repository root or pass --assets.")
        }
    }

    func run() async throws {
        #if DEBUG
        print("note: this is a debug build; measure with `swift run -c release sogreto-bench pipeline`.")
        #endif
        let placement: BotPlacement = inProcess ? .inProcess : .childProcess(executable: try Self.ownExecutable())
        var options = PipelineOptions(users: users, rate: rate, seconds: seconds, placement: placement,
                                      assets: assetsFolder)
        options.botLogLevel = botLogLevel
        options.instances = instances
        options.postgres = postgres
        options.webhook = webhook || instances > 1
        options.countStatements = countStatements
        var benchmark = PipelineBenchmark(options: options)
        let started = ContinuousClock.now
        benchmark.progress = { line in print("[\(Report.seconds(ContinuousClock.now - started))] \(line)") }
        let result = try await benchmark.run()
        print("[\(Report.seconds(ContinuousClock.now - started))] done")
        var targets = PipelineTargets()
        targets.throughput = rate
        // Webhook intake through nginx (several instances on PostgreSQL): p99 ≤ 100 ms.
        if options.webhook { targets.p99 = .milliseconds(100) }
        let misses = targets.misses(result)
        print(Report.table(result, misses: misses))
        if let statements = result.statements {
            print("\nPostgreSQL statements over the measured run (pg_stat_statements):")
            print(statements.report(updates: result.ledger.queued))
        }
        if !misses.isEmpty && !reportOnly { throw ExitCode(1) }
    }

    /// This very binary, which also holds the `bot` subcommand the child process runs.
    private static func ownExecutable() throws -> URL {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ValidationError("Cannot find this program's own executable to start the bot; use --in-process.")
        }
        return URL(fileURLWithPath: path)
    }
}

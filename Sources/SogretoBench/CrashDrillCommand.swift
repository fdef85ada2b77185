import ArgumentParser
import Bot
import Foundation

/// `sogreto-bench crash-drill`: SIGKILL the real bot at random moments under load, then check the invariants.
struct CrashDrillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash-drill",
        abstract: "Kill `sogreto run` with SIGKILL at random moments while simulated users write; check nothing is lost, doubled or corrupted.",
        discussion: """
        Exits non-zero when an invariant fails: a lost reply, an update applied twice, more repeated replies \
        than the in-flight window allows (Delivery's concurrency per kill), integrity_check not ok, a pending or \
        failed outbox row, an unsound user row, a blob whose content does not match its name, or an unclean SIGTERM exit.
        """)

    @Option(help: "The sogreto executable (default: beside this one).")
    var sogreto: String?

    @Option(help: "The assets folder (default: $SOGRETO_ASSETS_DIR, else where `sogreto run` finds them).")
    var assets: String?

    private var assetsFolder: URL { AssetsLocation.resolve(option: assets) }

    @Option(help: "Simulated users.")
    var users: Int = 40

    @Option(help: "Updates per second, all users together.")
    var rate: Double = 20

    @Option(help: "How long to drive updates.")
    var seconds: Double = 20

    @Option(help: "How many SIGKILLs, spread over the run.")
    var kills: Int = 5

    @Option(help: "Seed for the schedule and the kill moments.")
    var seed: UInt64 = 0xC0FFEE

    @Option(help: "`sogreto run` processes at once, each kill striking a random one (more than one needs --postgres).")
    var instances: Int = 1

    @Flag(help: "Keep the store on a throwaway PostgreSQL cluster (needs Debian's postgresql) instead of SQLite.")
    var postgres = false

    func validate() throws {
        guard users > 0, rate > 0, seconds > 0, kills >= 0 else {
            throw ValidationError("--users, --rate and --seconds must be positive and --kills not negative.")
        }
        guard instances >= 1, instances == 1 || postgres else {
            throw ValidationError("--instances must be at least 1, and more than one share a store only with --postgres.")
        }
    }

    func run() async throws {
        let executable = sogreto.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sogreto")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ValidationError("No sogreto executable at \(executable.path): build it (`swift build --product sogreto`) or pass --sogreto.")
        }
        var options = CrashDrillOptions(executable: executable, assets: assetsFolder)
        options.users = users
        options.rate = rate
        options.seconds = seconds
        options.kills = kills
        options.seed = seed
        options.instances = instances
        options.postgres = postgres
        var drill = CrashDrill(options: options)
        drill.progress = { FileHandle.standardError.write(Data("· \($0)\n".utf8)) }
        let result = try await drill.run()
        print(result.summary)
        if !result.problems.isEmpty { throw ExitCode.failure }
    }
}

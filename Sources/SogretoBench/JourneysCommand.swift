import ArgumentParser
import Bot
import Foundation

/// `sogreto-bench journeys`: many random walks of one user each through the real bot, every
/// invariant checked after every step (the test suite runs a few of the same walks).
struct JourneysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journeys",
        abstract: "Walk simulated users at random through whole journeys and check the bot's promises.",
        discussion: """
            Each walk is one user (language and kit from the seed) pressing old and new buttons, typing \
            times, cities and answers, sending commands and photos, blocking the bot, and waiting minutes \
            to days, against the real bot and the emulator. Prints how many walks ran clean and the seeds \
            of the others; `--seed N` (or SOGRETO_WALK_SEED) replays one walk with its whole trace. \
            Exits 1 when a walk found something.
            """)

    @Option(help: "How many walks (seeds --first-seed, --first-seed + 1, …).")
    var walks = 100

    @Option(help: "Steps per walk.")
    var steps = 150

    @Option(help: "The first seed.")
    var firstSeed: UInt64 = 1

    @Option(help: "Replay one walk (decimal or 0x hex) and print its whole trace.")
    var seed: String?

    @Option(help: "Walks at a time, each with its own bot.")
    var parallel = 2

    @Flag(help: "Print every finding of every walk, one a line (for sorting and counting).")
    var allFindings = false

    @Flag(help: "Print where the walks' time went, by phase.")
    var profile = false

    @Option(help: "The assets directory the bot loads (default: $SOGRETO_ASSETS_DIR, else where `sogreto run` finds them).")
    var assets: String?

    private var assetsFolder: URL { AssetsLocation.resolve(option: assets) }

    func validate() throws {
        guard walks >= 1, steps >= 2, parallel >= 1 else { throw ValidationError("--walks, --parallel must be at least 1 and --steps at least 2.") }
        if let seed, JourneyWalks.parseSeed(seed) == nil { throw ValidationError("--seed \(seed) is not a number.") }
        guard FileManager.default.fileExists(atPath: assetsFolder.appendingPathComponent("programs").path) else {
            throw ValidationError("--assets \(assetsFolder.path) has no programs folder: run from the repository root or pass --assets.")
        }
    }

    func run() async throws {
        let replay = seed.flatMap(JourneyWalks.parseSeed) ?? JourneyWalks.replaySeed
        let seeds = replay.map { [$0] } ?? (0..<UInt64(walks)).map { firstSeed &+ $0 }
        let started = ContinuousClock.now
        var walker = JourneyWalks(seeds: seeds, steps: steps, assets: assetsFolder,
                                  parallel: parallel)
        let total = seeds.count
        let done = Counter()
        walker.progress = { result in
            let count = done.increment()
            if replay != nil || count % 50 == 0 || count == total || walks <= 100 {
                let line = "[\(Report.seconds(ContinuousClock.now - started))] \(count)/\(total) walks; seed \(result.seed) "
                    + (result.isClean ? "clean" : "\(result.findings.count) finding(s)") + ", ended \(result.reached)\n"
                // Unbuffered: progress shows as it comes, also when the output goes to a file.
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        }
        let results = try await walker.run()
        let failed = results.filter { !$0.isClean }
        print("\(results.count - failed.count) of \(results.count) walks ran clean (\(steps) steps each) in \(Report.seconds(ContinuousClock.now - started)).")
        var byInvariant: [String: [UInt64]] = [:]
        for result in failed {
            for invariant in Set(result.findings.map(\.invariant.rawValue)) { byInvariant[invariant, default: []].append(result.seed) }
        }
        for (invariant, seeds) in byInvariant.sorted(by: { $0.key < $1.key }) {
            print("  \(invariant): \(seeds.count) walk(s), seeds \(seeds.prefix(12).map(String.init).joined(separator: " "))")
        }
        var exercised: [String: Int] = [:]
        for result in results { exercised.merge(result.exercised, uniquingKeysWith: +) }
        print("conversation features exercised: "
              + exercised.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if profile {
            var timings = WalkTimings()
            for result in results { timings.merge(result.timings) }
            print("time by phase, summed over the walks (\(results.count * steps) steps):")
            print(timings.report(steps: results.count * steps))
        }
        if allFindings {
            for result in failed {
                for finding in result.findings { print("seed \(result.seed) \(result.language) \(result.kit): \(finding)") }
            }
        }
        for result in failed.prefix(replay == nil ? 10 : 1) {
            print(JourneyWalks.describe(result, traceLines: replay == nil ? 12 : 10_000))
        }
        if !failed.isEmpty { throw ExitCode(1) }
    }
}

/// A counter the walks' progress callback bumps from several tasks.
final class Counter: @unchecked Sendable {
    // @unchecked Sendable: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}

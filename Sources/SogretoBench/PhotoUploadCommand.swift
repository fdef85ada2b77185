import ArgumentParser
import Bot
import Foundation

/// `sogreto-bench photos`: the photo-upload service benchmark (ingest rate, interactive latency under uploads).
struct PhotoUploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photos",
        abstract: "Many users upload big photos at once while others talk to the bot; time both.",
        discussion: """
            Each uploader sends --per-user distinct JPEGs from --photos as files; --talkers users send \
            /help, /status and /contact at --rate per second meanwhile. The bot is a child process \
            (the real BotRuntime with its media task runner). Exits 1 when a target is missed \
            (≥ --min-rate ingests/s, interactive p99 ≤ 200 ms, every photo stored, nothing lost) \
            unless --report-only. The inputs: big_*.jpg from ../shared/bench (gen_inputs.py).
            """)

    @Option(help: "A directory of JPEGs to upload (e.g. the bench kit's big_00..09.jpg, 4000x3000).")
    var photos: String
    @Option(help: "Only files whose names start with this.")
    var prefix = "big_"
    @Option(help: "Users uploading at once.")
    var uploaders = 50
    @Option(help: "Photos each uploader sends (≤ 10, the diary's cap).")
    var perUser = 4
    @Option(help: "Users talking to the bot meanwhile.")
    var talkers = 20
    @Option(help: "Their updates per second.")
    var rate = 20.0
    @Option(help: "The ingest rate to reach (photos/s).")
    var minRate = 20.0
    @Option(help: "The assets directory the bot loads (default: $SOGRETO_ASSETS_DIR, else where `sogreto run` finds them).")
    var assets: String?

    private var assetsFolder: URL { AssetsLocation.resolve(option: assets) }
    @Flag(help: "Run the bot in this process (its CPU then includes the emulator's).")
    var inProcess = false
    @Flag(help: "Print the figures but exit 0 even when a target is missed.")
    var reportOnly = false
    @Flag(help: "Media in a bucket: SOGRETO_S3_* from this environment when set, else moto started on loopback.")
    var s3 = false

    func validate() throws {
        guard (1...10).contains(perUser) else { throw ValidationError("--per-user must be 1 to 10 (the diary's cap).") }
        guard uploaders >= 1, talkers >= 0, rate > 0 else { throw ValidationError("--uploaders ≥ 1, --talkers ≥ 0, --rate > 0.") }
    }

    func run() async throws {
        #if DEBUG
        print("note: this is a debug build; measure with `swift run -c release sogreto-bench photos`.")
        #endif
        let directory = URL(fileURLWithPath: photos)
        let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.lowercased().hasSuffix(".jpg") }.sorted().map { directory.appendingPathComponent($0) }
        guard inputs.count >= perUser else {
            throw ValidationError("--photos \(photos) needs at least \(perUser) .jpg files (run the bench kit's gen_inputs.py).")
        }
        let placement: BotPlacement = inProcess ? .inProcess : .childProcess(executable: try ownExecutable())
        let bucket = s3 ? try await BenchBucket.make() : nil
        var benchmark = PhotoUploadBenchmark(options: .init(
            uploaders: uploaders, photosPerUser: perUser, interactiveUsers: talkers, rate: rate, photos: inputs,
            placement: placement, assets: assetsFolder,
            botEnvironment: bucket?.environment ?? [:]))
        let started = ContinuousClock.now
        benchmark.progress = { print("[\(Report.seconds(ContinuousClock.now - started))] \($0)") }
        if let bucket { benchmark.progress("media: S3, \(bucket.description)") }
        let result = try await benchmark.run()
        let objects = try await bucket?.objectCount()
        var misses: [String] = []
        let ingestRate = result.ingestsPerSecond ?? 0
        if ingestRate < minRate { misses.append(String(format: "ingest rate %.1f/s < %.0f/s", ingestRate, minRate)) }
        if result.interactive.p99 > .milliseconds(200) { misses.append("interactive p99 \(Report.milliseconds(result.interactive.p99)) > 200 ms") }
        if result.storedRows != result.photos || result.replies != result.photos { misses.append("not every photo was stored and answered") }
        if result.interactiveLost > 0 || result.interactiveDuplicated > 0 { misses.append("interactive replies lost or repeated") }
        // Users send the same few files, so equal photos share their blobs: 2 objects per distinct file.
        let distinct = Set((0..<perUser).flatMap { round in (0..<uploaders).map { ($0 + round) % inputs.count } }).count
        if let objects, objects != 2 * distinct { misses.append("\(objects) objects in the bucket, not 2 per distinct photo (\(distinct))") }
        print("""
            | figure | value |
            | --- | --- |
            | photos uploaded (as files) | \(result.photos) by \(uploaders) users |
            | photo replies / rows stored | \(result.replies) / \(result.storedRows.map(String.init) ?? "?") |
            | first upload → last reply | \(result.span.map(Report.seconds) ?? "?") |
            | ingest rate | \(String(format: "%.1f", ingestRate)) photos/s |
            | interactive replies | \(result.interactive.count) (lost \(result.interactiveLost), repeated \(result.interactiveDuplicated)) |
            | interactive p50 / p90 / p99 / max | \(Report.milliseconds(result.interactive.p50)) / \(Report.milliseconds(result.interactive.p90)) / \(Report.milliseconds(result.interactive.p99)) / \(Report.milliseconds(result.interactive.max)) |
            | bot peak RSS | \(result.botPeakBytes.map(Report.megabytes) ?? "?") |
            | bot CPU | \(result.botCPUSeconds.map { String(format: "%.1f s", $0) } ?? "?") |
            | bot exit status (SIGTERM) | \(result.botExitStatus.map(String.init) ?? "killed") |
            | media | \(objects.map { "S3: \($0) objects in the bucket" } ?? "the local media folder") |
            """)
        if misses.isEmpty { print("all targets met") } else { print("missed: " + misses.joined(separator: "; ")) }
        if !misses.isEmpty && !reportOnly { throw ExitCode(1) }
    }

    private func ownExecutable() throws -> URL {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ValidationError("Cannot find this program's own executable to start the bot; use --in-process.")
        }
        return URL(fileURLWithPath: path)
    }
}

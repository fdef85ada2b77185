import ArgumentParser
import Foundation
import Reports

/// `sogreto diary …`: the PDF practice diary. `render` works on exported JSON without a
/// database; `export` and `--user` (which need the store) slot in beside it.
struct DiaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diary",
        abstract: "Make the PDF practice diary.",
        subcommands: [DiaryRenderCommand.self, DiaryBenchCommand.self]
    )
}

/// Options shared by the diary subcommands that render.
struct DiaryAssetOptions: ParsableArguments {
    @Option(name: .long, help: "The assets folder (fonts, locales). Default: $SOGRETO_ASSETS_DIR, ./assets, or beside the executable.")
    var assets: String?

    func load() throws -> DiaryAssets {
        let currentDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let directory = assets.map { URL(fileURLWithPath: $0, relativeTo: currentDirectory).standardizedFileURL }
            ?? DiaryAssets.locate(environment: ProcessInfo.processInfo.environment,
                                  currentDirectory: currentDirectory,
                                  executable: URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: currentDirectory))
        return try DiaryAssets(directory: directory)
    }
}

struct DiaryRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render diary JSON (as written by `diary export`) to an A4 PDF."
    )

    @Argument(help: "The diary data JSON file.")
    var data: String

    @Option(name: .shortAndLong, help: "Where to write the PDF (written atomically).")
    var output: String

    @Option(name: .long, help: "Base folder for relative photo paths. Default: $SOGRETO_DATA_DIR or ./storage.")
    var dataDir: String?

    @OptionGroup var assetOptions: DiaryAssetOptions

    @Option(name: .customLong("repeat"),
            help: ArgumentHelp("Render N times and print timings on stderr (benchmarking).", visibility: .hidden))
    var repetitions: Int = 1

    func run() throws {
        do {
            let clock = ContinuousClock()
            let start = clock.now
            let renderer = DiaryRenderer(assets: try assetOptions.load())
            let environment = ProcessInfo.processInfo.environment
            let base = URL(fileURLWithPath: dataDir ?? environment["SOGRETO_DATA_DIR"] ?? "storage")
            let output = URL(fileURLWithPath: self.output)
            var timings: [Duration] = []
            for _ in 0..<max(repetitions, 1) {
                let runStart = clock.now
                let json: Data
                do { json = try Data(contentsOf: URL(fileURLWithPath: data)) } catch {
                    throw DiaryCommandFailure("The diary data file \(data) cannot be read.")
                }
                try renderer.render(try DiaryData.decode(from: json), dataDirectory: base, to: output)
                timings.append(clock.now - runStart)
            }
            if repetitions > 1 { DiaryTimings.report(first: clock.now - start, runs: timings) }
        } catch let error as ReportsError {
            throw DiaryCommandFailure(error.description)
        }
    }
}

/// A failure printed as one sentence with a non-zero exit code.
struct DiaryCommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Timing lines in the bench kit's format: `job_ms=… warm_ms=…` on stderr.
enum DiaryTimings {
    static func report(first: Duration, runs: [Duration]) {
        let warm = runs.dropFirst().sorted()
        let median = warm.isEmpty ? Double.nan : milliseconds(warm[warm.count / 2])
        let line = String(format: "job_ms=%.1f warm_ms=%.1f\n", milliseconds(runs.first ?? first), median)
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

import ArgumentParser
import Bot
import BotMedia
import Foundation
import Logging
import Program
import Reports

/// `sogreto diary …`: the PDF practice diary. `diary --user ID -o OUT.pdf` reads the store and
/// renders; `export` writes the data as JSON and `render` turns such JSON into a PDF without a
/// database, so rendering can be tested and benchmarked on its own.
struct PracticeDiaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diary",
        abstract: "Make the PDF practice diary of a user (or of exported diary JSON).",
        discussion: """
            sogreto diary --user ID -o OUT.pdf         the user's diary from the store, as a PDF
            sogreto diary export --user ID [-o DATA.json]   the same data as JSON
            sogreto diary render DATA.json -o OUT.pdf  render exported JSON (no database needed)
            """,
        subcommands: [PracticeDiaryPDFCommand.self, PracticeDiaryExportCommand.self, PracticeDiaryRenderCommand.self, PracticeDiaryBenchCommand.self],
        defaultSubcommand: PracticeDiaryPDFCommand.self
    )
}

/// `sogreto diary --user ID -o OUT.pdf` (the default): export and render in one go.
struct PracticeDiaryPDFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Read a user's diary from the store and render it to an A4 PDF (the default)."
    )

    @Option(name: .long, help: "The user's Telegram id.")
    var user: Int64

    @Option(name: .shortAndLong, help: "Where to write the PDF (written atomically).")
    var output: String

    func run() async throws {
        let service = try await PracticeDiaryStore.open()
        let data = try await PracticeDiaryStore.data(of: user, service: service)
        do {
            let pdf = try await service.render(data)
            try pdf.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch let error as ReportsError {
            throw PracticeDiaryCommandFailure(error.description)
        }
        print("Wrote \(output) (\(data.stages.count) stages, \(data.photos.count) photos).")
    }
}

struct PracticeDiaryExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a user's diary data as JSON (what `diary render` reads)."
    )

    @Option(name: .long, help: "The user's Telegram id.")
    var user: Int64

    @Option(name: .shortAndLong, help: "Where to write the JSON (default: standard output).")
    var output: String?

    func run() async throws {
        let data = try await PracticeDiaryStore.data(of: user, service: try await PracticeDiaryStore.open())
        let json = try data.encoded()
        if let output {
            try json.write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(json)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}

/// The store-backed side of the diary commands: the configuration's data and assets directories.
enum PracticeDiaryStore {
    static func open() async throws -> PracticeDiaryService {
        let configuration = try loadConfiguration()
        guard configuration.databaseServerURL != nil || FileManager.default.fileExists(atPath: configuration.databaseURL.path) else {
            throw PracticeDiaryCommandFailure("There is no database at \(configuration.databaseURL.path): check SOGRETO_DATA_DIR.")
        }
        let database = try await openCommandStore(configuration)
        let assets = configuration.assetsDirectory
        let catalog: ProgramCatalog
        do {
            catalog = try ProgramCatalog.load(from: assets.appendingPathComponent("programs"),
                                              uiStrings: assets.appendingPathComponent("locales"))
        } catch {
            throw PracticeDiaryCommandFailure("The program content in \(assets.path) is invalid: run `sogreto content check`.")
        }
        let renderer: PracticeDiaryRenderer
        do {
            renderer = PracticeDiaryRenderer(assets: try PracticeDiaryAssets(directory: assets))
        } catch let error as ReportsError {
            throw PracticeDiaryCommandFailure(error.description)
        }
        // Minutes of practice count the recordings' lengths, as the bot's /stats does; the
        // catalog's log lines would mix into the JSON on standard output, so they are dropped.
        let quiet = Logger(label: "sogreto.diary") { _ in SwiftLogNoOpLogHandler() }
        let narrations = NarrationLibrary.load(directory: configuration.audioDirectory, programs: catalog, logger: quiet).library
        return try PracticeDiaryService(database: database,
                                exporter: PracticeDiaryExporter(catalog: catalog, lengths: PracticeLengths(narrations: narrations)),
                                renderer: renderer,
                                dataDirectory: configuration.dataDirectory,
                                blobs: try MediaStorage.blobStore(for: configuration))
    }

    static func data(of user: Int64, service: PracticeDiaryService) async throws -> PracticeDiaryData {
        guard let data = try await service.data(userID: user, now: Date()) else {
            throw PracticeDiaryCommandFailure("User \(user) is unknown or has not started a program yet.")
        }
        return data
    }
}

/// Options shared by the diary subcommands that render.
struct PracticeDiaryAssetOptions: ParsableArguments {
    @Option(name: .long, help: "The assets folder (fonts, locales). Default: $SOGRETO_ASSETS_DIR, else where `sogreto run` finds them.")
    var assets: String?

    func load() throws -> PracticeDiaryAssets {
        try PracticeDiaryAssets(directory: AssetsLocation.resolve(option: assets))
    }
}

struct PracticeDiaryRenderCommand: ParsableCommand {
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

    @OptionGroup var assetOptions: PracticeDiaryAssetOptions

    @Option(name: .customLong("repeat"),
            help: ArgumentHelp("Render N times and print timings on stderr (benchmarking).", visibility: .hidden))
    var repetitions: Int = 1

    func run() throws {
        do {
            let clock = ContinuousClock()
            let start = clock.now
            let renderer = PracticeDiaryRenderer(assets: try assetOptions.load())
            let environment = ProcessInfo.processInfo.environment
            let base = URL(fileURLWithPath: dataDir ?? environment["SOGRETO_DATA_DIR"] ?? "storage")
            let output = URL(fileURLWithPath: self.output)
            var timings: [Duration] = []
            for _ in 0..<max(repetitions, 1) {
                let runStart = clock.now
                let json: Data
                do { json = try Data(contentsOf: URL(fileURLWithPath: data)) } catch {
                    throw PracticeDiaryCommandFailure("The diary data file \(data) cannot be read.")
                }
                try renderer.render(try PracticeDiaryData.decode(from: json), dataDirectory: base, to: output)
                timings.append(clock.now - runStart)
            }
            if repetitions > 1 { PracticeDiaryTimings.report(first: clock.now - start, runs: timings) }
        } catch let error as ReportsError {
            throw PracticeDiaryCommandFailure(error.description)
        }
    }
}

/// A failure printed as one sentence with a non-zero exit code.
struct PracticeDiaryCommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Timing lines in the bench kit's format: `job_ms=… warm_ms=…` on stderr.
enum PracticeDiaryTimings {
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

import ArgumentParser
import Bot
import Foundation
import Media

/// `sogreto media …`: the photo pipeline on files, for operators and benchmarks.
///
/// Benchmark protocol (../shared/bench/README.md): each job prints `job_ms=<ms>` on stderr; with
/// `BENCH_REPEAT=N` it runs N times in this process and also prints `warm_ms=<median of runs 2…N>`.
struct MediaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Run the photo pipeline on files: ingest, collages, timelines, green coverage, vision analysis.",
        subcommands: [Ingest.self, Collage.self, Timeline.self, Green.self, Analyze.self, Throughput.self, MediaMigrateCommand.self]
    )

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Normalise a photo as the bot stores it: upright, sRGB, no metadata, ≤ 1600 px, plus a 320 px thumbnail.")

        @Argument(help: "The uploaded image (JPEG, PNG, WebP, HEIC/HEIF, AVIF, TIFF, MPO).")
        var input: String
        @Option(name: .shortAndLong, help: "Where to write the stored JPEG.")
        var output: String
        @Option(help: "Where to write the thumbnail JPEG.")
        var thumb: String

        func run() throws {
            // A plain JPEG never loads libvips (libjpeg directly); other formats decode on this
            // thread anyway, and more libvips threads would only add hand-offs to the saves.
            MediaRuntime.setThreadsPerImage(1)
            try MediaJob.run {
                let photo = try PhotoIngest().ingest(MediaJob.source(input))
                try MediaJob.write(photo.main, to: output)
                try MediaJob.write(photo.thumbnail, to: thumb)
            }
        }
    }

    struct Collage: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draw a before/after collage of two photos.")

        @Argument(help: "The earlier photo.")
        var before: String
        @Argument(help: "The later photo.")
        var after: String
        @Option(help: "The two captions, comma-separated, e.g. \"День 1,День 7\".")
        var labels: String
        @Option(help: "contract (2048x1024, the benchmark layout), automatic, side-by-side or stacked.")
        var layout: String = CollageLayout.contract.rawValue
        @Option(help: "A line of text under the photos (Sogreto layouts only).")
        var footer: String?
        @Option(name: .shortAndLong, help: "Where to write the JPEG.")
        var output: String
        @OptionGroup var fonts: FontOptions

        func validate() throws {
            guard labels.split(separator: ",", omittingEmptySubsequences: false).count == 2 else {
                throw ValidationError("--labels needs exactly two captions separated by a comma.")
            }
            guard CollageLayout(rawValue: layout) != nil else {
                throw ValidationError("--layout must be one of \(CollageLayout.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() throws {
            let captions = labels.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let layout = CollageLayout(rawValue: layout) ?? .contract
            // The renderer decodes its photos on parallel lanes itself; more libvips threads
            // per image would only add hand-offs on two cores.
            MediaRuntime.setThreadsPerImage(1)
            try MediaJob.run {
                let renderer = CollageRenderer(fonts: try fonts.resolve())
                let jpeg = try renderer.render(
                    before: LabeledPhoto(source: MediaJob.source(before), label: captions[0]),
                    after: LabeledPhoto(source: MediaJob.source(after), label: captions[1]),
                    layout: layout, footer: footer)
                try MediaJob.write(jpeg, to: output)
            }
        }
    }

    struct Timeline: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draw a growth timeline: the photos as a grid with day captions.")

        @Argument(help: "The photos in day order.")
        var inputs: [String]
        @Option(help: "Program day of each photo, comma-separated, e.g. 1,4,7.")
        var days: String
        @Option(help: "Caption format for a day number.")
        var labelFormat: String = "День %d"
        @Option(help: "Also draw the green-coverage curve under the grid, with this title.")
        var curve: String?
        @Option(help: "How the curve writes percentages: ru (\"0,4 %\") or en (\"0.4%\").")
        var locale: String = "ru"
        @Option(help: "wide: 5 columns of 384 px (the benchmark's grid); phone: 1080 px wide, as the bot sends it.")
        var layout: String = "wide"
        @Option(name: .shortAndLong, help: "Where to write the JPEG.")
        var output: String
        @OptionGroup var fonts: FontOptions

        func validate() throws {
            guard ["wide", "phone"].contains(layout) else { throw ValidationError("--layout is wide or phone.") }
            let numbers = days.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !inputs.isEmpty else { throw ValidationError("Give at least one photo.") }
            guard numbers.count == inputs.count, numbers.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--days needs one whole number per photo (\(inputs.count)), comma-separated.")
            }
        }

        func run() throws {
            let dayNumbers = days.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            MediaRuntime.setThreadsPerImage(1)  // tiles are decoded on parallel lanes
            try MediaJob.run {
                let renderer = TimelineRenderer(fonts: try fonts.resolve(), layout: layout == "phone" ? .phone : .wide)
                let coverage = GreenCoverage()
                let entries = try zip(inputs, dayNumbers).map { path, day in
                    let source = MediaJob.source(path)
                    return TimelineEntry(source: source, day: day, label: String(format: labelFormat, day),
                                         greenCoverage: curve == nil ? nil : try coverage.share(of: source))
                }
                let jpeg = try renderer.render(entries, curve: curve.map { GrowthCurveLabels(title: $0, locale: locale) })
                try MediaJob.write(jpeg, to: output)
            }
        }
    }

    struct Green: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the share of plant-green pixels (2G − R − B > 40) of an image, with 4 decimals.")

        @Argument(help: "The image.")
        var input: String

        func run() throws {
            var share = 0.0
            try MediaJob.run {
                share = try GreenCoverage().share(of: MediaJob.source(input))
            }
            print(String(format: "%.4f", share))
        }
    }
}

extension MediaCommand {
    /// Measures ingests per second the way the service runs them: `MediaWorkers` threads, one
    /// libvips thread per image, many uploads queued at once, while an async task checks that
    /// the cooperative pool stays responsive.
    struct Throughput: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure ingest throughput with the service's worker pool (operators' capacity check).")

        @Argument(help: "Photos to ingest, used round-robin.")
        var inputs: [String]
        @Option(help: "Worker threads.")
        var workers = 2
        @Option(help: "Ingests to run.")
        var count = 60

        func run() async throws {
            MediaRuntime.setThreadsPerImage(1)
            let uploads = try inputs.map { try MediaJob.read($0) }
            guard !uploads.isEmpty else { throw ValidationError("Give at least one photo.") }
            let pool = MediaWorkers(threads: workers, maxQueuedJobs: max(256, count))
            defer { pool.shutdown() }
            for upload in uploads.prefix(workers) { _ = try await pool.ingest(upload) }  // warm-up

            let clock = ContinuousClock()
            let started = clock.now
            let lateness = Task { await Self.measureLateness(clock: clock) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    let upload = uploads[index % uploads.count]
                    group.addTask { _ = try await pool.ingest(upload) }
                }
                try await group.waitForAll()
            }
            let elapsed = clock.now - started
            lateness.cancel()
            let late = await lateness.value.sorted()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let p99 = late.isEmpty ? 0 : late[min(late.count - 1, late.count * 99 / 100)]
            print(String(format: "ingests=%d workers=%d seconds=%.2f ingests_per_s=%.1f tick_lateness_p99_ms=%.1f",
                         count, workers, seconds, Double(count) / seconds, p99))
        }

        /// How late 10 ms sleeps on the cooperative pool wake up while the workers are busy.
        private static func measureLateness(clock: ContinuousClock) async -> [Double] {
            var samples: [Double] = []
            while !Task.isCancelled {
                let before = clock.now
                try? await Task.sleep(for: .milliseconds(10))
                let late = clock.now - before - .milliseconds(10)
                samples.append(Double(late.components.seconds) * 1e3 + Double(late.components.attoseconds) / 1e15)
            }
            return samples
        }
    }
}

/// Where the caption fonts come from.
struct FontOptions: ParsableArguments {
    @Option(help: "Directory with DejaVuSans.ttf and DejaVuSans-Bold.ttf (default: the fonts of the assets `sogreto run` finds).")
    var fontsDirectory: String?

    func resolve() throws -> MediaFonts {
        if let fontsDirectory { return try MediaFonts(directory: URL(fileURLWithPath: fontsDirectory)) }
        return try MediaFonts(directory: AssetsLocation.resolve(option: nil).appendingPathComponent("fonts"))
    }
}

/// Runs one media job with the benchmark timing protocol and turns failures into one sentence
/// on stderr and exit code 1.
enum MediaJob {
    static func run(_ job: () throws -> Void) throws {
        let repeats = max(1, Int(ProcessInfo.processInfo.environment["BENCH_REPEAT"] ?? "") ?? 1)
        var durations: [Double] = []
        do {
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                try job()
                let elapsed = ContinuousClock.now - start
                durations.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
            }
        } catch let error as MediaError {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode.failure
        }
        var report = String(format: "job_ms=%.1f", durations[0])
        if durations.count > 1 {
            let warm = durations.dropFirst().sorted()
            let middle = warm.count / 2
            let median = warm.count % 2 == 1 ? warm[middle] : (warm[middle - 1] + warm[middle]) / 2
            report += String(format: " warm_ms=%.1f", median)
        }
        FileHandle.standardError.write(Data("\(report)\n".utf8))
    }

    /// A file the pipeline reads itself, in chunks as it decodes (no copy in memory).
    static func source(_ path: String) -> PhotoSource {
        .file(URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MediaError(.invalidRequest, "Cannot read \(path).")
        }
    }

    static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw MediaError(.invalidRequest, "Cannot write \(path).")
        }
    }
}

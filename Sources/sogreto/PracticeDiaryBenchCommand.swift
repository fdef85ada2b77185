import ArgumentParser
import Foundation
import Reports

/// `sogreto diary bench SPEC.json OUT.pdf`: the bench kit's diary job (../shared/bench).
///
/// The kit's spec describes fixed pages (heading, optional photo, lines, footer); this converts
/// it into `PracticeDiaryData` (every two spec pages become one stage: two answers and the photo) and
/// renders it with the real diary layout. Prints `job_ms=` and, with `BENCH_REPEAT=N`,
/// `warm_ms=` (median of runs 2…N) on stderr, as the kit expects. `--export-data` writes the
/// converted `PracticeDiaryData`, so that `diary render` (the whole CLI) can be timed on the same diary
/// (scripts/diary-bench.sh).
struct PracticeDiaryBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Render the bench kit's diary spec (for benchmarks).",
        shouldDisplay: false
    )

    @Argument(help: "The bench kit's diary_spec.json.")
    var spec: String

    @Argument(help: "Where to write the PDF.")
    var output: String

    @OptionGroup var assetOptions: PracticeDiaryAssetOptions

    @Option(name: .long, help: "Also write the converted diary data as JSON (the input of `diary render`).")
    var exportData: String?

    func run() throws {
        do {
            if let exportData {
                let json = try BenchPracticeDiarySpec.load(URL(fileURLWithPath: spec)).diaryData().encoded()
                try json.write(to: URL(fileURLWithPath: exportData), options: .atomic)
            }
            let clock = ContinuousClock()
            let renderer = PracticeDiaryRenderer(assets: try assetOptions.load())
            let repeats = max(Int(ProcessInfo.processInfo.environment["BENCH_REPEAT"] ?? "") ?? 1, 1)
            var runs: [Duration] = []
            for _ in 0..<repeats {
                let start = clock.now
                let data = try BenchPracticeDiarySpec.load(URL(fileURLWithPath: spec)).diaryData()
                try renderer.render(data, dataDirectory: URL(fileURLWithPath: "/"), to: URL(fileURLWithPath: output))
                runs.append(clock.now - start)
            }
            PracticeDiaryTimings.report(first: runs[0], runs: runs)
        } catch let error as ReportsError {
            throw PracticeDiaryCommandFailure(error.description)
        }
    }
}

/// The bench kit's diary spec (`gen_inputs.py`): 20 pages of Cyrillic lines, a photo on every
/// other page.
struct BenchPracticeDiarySpec: Decodable {
    struct Page: Decodable {
        let heading: String
        let image: String?
        let lines: [String]
        let footer: String
    }

    let title: String
    let pages: [Page]

    static func load(_ url: URL) throws -> BenchPracticeDiarySpec {
        guard let json = try? Data(contentsOf: url),
              let spec = try? JSONDecoder().decode(BenchPracticeDiarySpec.self, from: json) else {
            throw PracticeDiaryCommandFailure("The bench spec \(url.path) cannot be read as the kit's diary_spec.json.")
        }
        return spec
    }

    /// Pages 2k and 2k+1 become stage k+1: the two headings are the questions, the lines the answers.
    func diaryData() throws -> PracticeDiaryData {
        let start = try CalendarDay(iso: "2026-11-05")
        var stages: [PracticeDiaryData.Stage] = []
        var photos: [PracticeDiaryData.Photo] = []
        for first in stride(from: 0, to: pages.count, by: 2) {
            let pair = pages[first..<min(first + 2, pages.count)]
            let day = first + 1
            let reached = try Self.day(start, plus: first)
            let id = "stage-\(first / 2 + 1)"
            stages.append(PracticeDiaryData.Stage(
                id: id, title: pair.first?.heading ?? title, reachedOn: reached, practiceTitle: title,
                answers: pair.map { PracticeDiaryData.Answer(question: $0.heading, answer: $0.lines.joined(separator: " ")) }))
            for page in pair {
                if let image = page.image {
                    photos.append(PracticeDiaryData.Photo(path: image, day: day, takenOn: reached, stageId: id))
                }
            }
        }
        return PracticeDiaryData(locale: "ru", userName: "Дневник для замера", programTitle: title, startDate: start,
                         endDate: try Self.day(start, plus: max(pages.count - 1, 0)), stages: stages, photos: photos,
                         statistics: .init(daysPractised: pages.count, photos: photos.count,
                                           stagesCompleted: stages.count, stagesTotal: stages.count),
                         generatedAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    private static func day(_ start: CalendarDay, plus days: Int) throws -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let base = calendar.date(from: DateComponents(year: start.year, month: start.month, day: start.day)) ?? Date()
        return CalendarDay(calendar.date(byAdding: .day, value: days, to: base) ?? base, in: calendar.timeZone)
    }
}

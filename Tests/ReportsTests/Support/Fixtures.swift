import Foundation
@testable import Reports
import TestSupport

/// Paths and shared values for the Reports tests.
enum Fixtures {
    static let packageRoot = Repository.root
    static let folder = packageRoot.appendingPathComponent("Tests/ReportsTests/Fixtures")
    static let assetsFolder = packageRoot.appendingPathComponent("assets")

    /// Parsed once: fonts and strings are immutable and shared by all tests.
    static let loadedAssets = Result { try PracticeDiaryAssets(directory: assetsFolder) }

    static func assets() throws -> PracticeDiaryAssets { try loadedAssets.get() }
    static func renderer() throws -> PracticeDiaryRenderer { PracticeDiaryRenderer(assets: try assets()) }

    /// The Russian sample diary (a finished program with every section).
    static func russianDiary() throws -> PracticeDiaryData {
        try PracticeDiaryData.decode(from: Data(contentsOf: folder.appendingPathComponent("diary-ru.json")))
    }

    static func day(_ text: String) throws -> CalendarDay { try CalendarDay(iso: text) }

    /// A small English diary mid-program: no end date, no manifesto, no before/after.
    static func englishMidProgram() throws -> PracticeDiaryData {
        PracticeDiaryData(
            locale: "en", userName: "Sam Green", programTitle: "Microgreens: 20 mindful days",
            startDate: try day("2026-11-05"), wish: "To notice one small good thing every day.",
            stages: [
                .init(id: "seed", title: "Sowing", reachedOn: try day("2026-11-05"), practiceTitle: "First touch of soil",
                      answers: [.init(question: "What did you feel while sowing?",
                                      answer: "Calm, and a little impatient to see the first sprouts.")]),
                .init(id: "sprout", title: "Sprouts", reachedOn: try day("2026-11-08"), practiceTitle: "Breathing by the window",
                      answers: [.init(question: "What changed in three days?",
                                      answer: "Tiny green loops appeared overnight. I smiled before coffee.")]),
            ],
            photos: [.init(path: "plant-day1.jpg", day: 1, takenOn: try day("2026-11-05"), greenCoverage: 0.04),
                     .init(path: "plant-day2.jpg", day: 4, takenOn: try day("2026-11-08"), greenCoverage: 0.09)],
            growth: [.init(day: 1, coverage: 0.04), .init(day: 4, coverage: 0.09)],
            statistics: .init(daysPractised: 4, photos: 2, stagesCompleted: 2, stagesTotal: 5),
            generatedAt: Date(timeIntervalSince1970: 1_794_500_000))
    }

    /// Writes a PDF to a fresh temporary file for the poppler tools.
    static func temporaryPDF(_ data: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sogreto-diary-\(UUID().uuidString).pdf")
        try data.write(to: url)
        return url
    }
}

import Foundation
import Testing
@testable import Reports

/// The statistics page prints what `/stats` shows, and the diary lists the state plants.
@Suite struct PracticeDiaryStatisticsPageTests {
    func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func theStatisticsPagePrintsTheFiguresAndTheStatePlants() throws {
        var diary = try Fixtures.englishMidProgram()
        diary.statistics.figures = PracticeDiaryData.Figures(programDay: 8, durationDays: 20,
                                                     practices: [PracticeDiaryData.StageFigure(title: "Planting", practices: 4),
                                                                 PracticeDiaryData.StageFigure(title: "Sprouts", practices: 1)],
                                                     minutes: 38, reflections: 5, themes: ["Slowness", "What holds you"], longestRun: 3)
        diary.plants = [PracticeDiaryData.Plant(state: "Patience", line: "Seeds take their time.", day: 0, kit: "Microgreens kit",
                                        answer: "Quiet mornings by the window"),
                        PracticeDiaryData.Plant(state: "Attention", line: "You notice what grows almost unseen.", day: 2, kit: "Microgreens kit")]
        try diary.validate()
        let pdf = try Fixtures.temporaryPDF(Fixtures.renderer().render(diary, dataDirectory: Fixtures.folder))
        defer { try? FileManager.default.removeItem(at: pdf) }
        if let folder = ProcessInfo.processInfo.environment["SOGRETO_CARD_PREVIEW"] {
            try? FileManager.default.copyItem(at: pdf, to: URL(fileURLWithPath: folder).appendingPathComponent("diary-statistics.pdf"))
        }
        // Labels are set in capitals, as the stages' labels are
        let text = flat(try Poppler.text(pdf)).lowercased()
        for expected in ["Day of the program", "8 of 20", "Practices", "Minutes of practice", "about 38", "Notes in my own words",
                         "My longest run, days in a row", "By stage: Planting 4 · Sprouts 1", "My themes: Slowness, What holds you",
                         "My state plants", "Patience · day 0 · Microgreens kit", "Quiet mornings by the window",
                         "Attention · day 2 · Microgreens kit", "You notice what grows almost unseen."] {
            #expect(text.contains(expected.lowercased()), "\(expected) in: \(text.suffix(900))")
        }
    }

    @Test func negativeFiguresAreRefused() throws {
        var diary = try Fixtures.englishMidProgram()
        diary.statistics.figures = PracticeDiaryData.Figures(programDay: 1, durationDays: 20, practices: [], minutes: -1, reflections: 0,
                                                     themes: [], longestRun: 0)
        #expect(throws: ReportsError.self) { try diary.validate() }
    }
}

import Foundation
import Testing
@testable import Reports

@Suite struct DiaryLayoutTests {
    func layout(_ data: DiaryData) throws -> [LaidOutPage] {
        let assets = try Fixtures.assets()
        var photos: [String: JPEGPhoto] = [:]
        for photo in data.photos + [data.beforeAfter?.before, data.beforeAfter?.after].compactMap({ $0 }) {
            photos[photo.path] = try JPEGPhoto(contentsOf: Fixtures.folder.appendingPathComponent(photo.path),
                                               name: photo.path)
        }
        var layout = DiaryLayout(data: data, strings: try assets.strings(for: data.locale), assets: assets, photos: photos)
        return layout.pages()
    }

    func texts(_ pages: [LaidOutPage]) -> [String] {
        pages.flatMap { $0.ops.compactMap { if case .text(let run) = $0 { run.text } else { nil } } }
    }

    @Test func photosGoToTheirStageOrToTheStageReachedBeforeThem() throws {
        let diary = try Fixtures.russianDiary()
        let (byStage, unassigned) = DiaryLayout.assignPhotos(diary.photos, to: diary.stages)
        #expect(byStage.map { $0.map(\.day) } == [[1], [4, 6], [10], [18]])
        #expect(unassigned.isEmpty)
    }

    @Test func everyTextRunStaysInsideThePageMargins() throws {
        let pages = try layout(Fixtures.russianDiary())
        let assets = try Fixtures.assets()
        for page in pages {
            for case .text(let run) in page.ops {
                let width = assets.font(run.font).width(of: run.text, size: run.size)
                #expect(run.origin.x >= Theme.marginLeft - 0.01)
                #expect(run.origin.x + width <= Theme.pageWidth - Theme.marginRight + 0.5, "\(run.text)")
                #expect(run.origin.y >= Theme.footerBaseline - 0.01)
            }
        }
    }

    @Test func aMidProgramDiaryShowsOnlyWhatExists() throws {
        let texts = texts(try layout(Fixtures.englishMidProgram()))
        #expect(texts.contains("Started 5 November 2026 · the program is still growing"))
        #expect(!texts.contains("My manifesto"))
        #expect(!texts.contains("Before and after"))
        #expect(texts.contains("How the greens grew"))
    }

    @Test func aVeryLongAnswerFlowsOntoMorePagesWithEveryLineKept() throws {
        var diary = try Fixtures.englishMidProgram()
        let short = try layout(diary).count
        let sentence = "Today I watched the light move across the sprouts and breathed slowly. "
        diary.stages[0].answers[0].answer = String(repeating: sentence, count: 150)
        let pages = try layout(diary)
        #expect(pages.count >= short + 3)
        let words = texts(pages).joined(separator: " ").components(separatedBy: "breathed slowly.").count - 1
        #expect(words == 150)
    }

    @Test func pagesAfterTheCoverAreNumberedOutOfTheTotal() throws {
        let pages = try layout(Fixtures.russianDiary())
        let total = pages.count
        #expect(!texts([pages[0]]).contains("1 / \(total)"))
        for index in 1..<total { #expect(texts([pages[index]]).contains("\(index + 1) / \(total)")) }
    }

    @Test func chartTicksAreEvenAndRound() {
        #expect(GrowthChart.dayTicks(maxDay: 20, step: GrowthChart.dayStep(20)) == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19])
        #expect(GrowthChart.dayTicks(maxDay: 60, step: GrowthChart.dayStep(60)) == [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60])
        #expect(GrowthChart.niceScale(0.33) == (0.4, 4))
        #expect(GrowthChart.percent(0.24000000000000002) == "24 %")
    }
}

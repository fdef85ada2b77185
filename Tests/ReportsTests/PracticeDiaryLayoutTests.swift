import Foundation
import Testing
@testable import Reports

@Suite struct PracticeDiaryLayoutTests {
    func layout(_ data: PracticeDiaryData) throws -> [LaidOutPage] {
        let assets = try Fixtures.assets()
        var photos: [String: JPEGPhoto] = [:]
        for photo in data.allPhotos {
            photos[photo.path] = try JPEGPhoto(contentsOf: Fixtures.folder.appendingPathComponent(photo.path),
                                               name: photo.path)
        }
        var layout = PracticeDiaryLayout(data: data, strings: try assets.strings(for: data.locale), assets: assets, photos: photos)
        return layout.pages()
    }

    func texts(_ pages: [LaidOutPage]) -> [String] {
        pages.flatMap { $0.ops.compactMap { if case .text(let run) = $0 { run.text } else { nil } } }
    }

    @Test func photosGoToTheirStageOrToTheStageReachedBeforeThem() throws {
        let diary = try Fixtures.russianDiary()
        let (byStage, unassigned) = PracticeDiaryLayout.assignPhotos(diary.photos, to: diary.stages)
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

    @Test func aStageWithNothingButItsHeadingSharesItsPageWithTheNextStage() throws {
        var diary = try Fixtures.englishMidProgram()
        #expect(diary.stages.count >= 2)
        let separate = try layout(diary)
        func page(of title: String, in pages: [LaidOutPage]) -> Int? {
            pages.firstIndex { texts([$0]).contains(title) }
        }
        #expect(page(of: diary.stages[0].title, in: separate) != page(of: diary.stages[1].title, in: separate))
        // A user who skipped every answer and sent no photo in the first stage
        diary.stages[0].answers = []
        diary.photos = []
        let pages = try layout(diary)
        #expect(page(of: diary.stages[0].title, in: pages) == page(of: diary.stages[1].title, in: pages))
        #expect(pages.count < separate.count)
    }

    @Test func pagesAfterTheCoverAreNumberedOutOfTheTotal() throws {
        let pages = try layout(Fixtures.russianDiary())
        let total = pages.count
        #expect(!texts([pages[0]]).contains("1 / \(total)"))
        for index in 1..<total { #expect(texts([pages[index]]).contains("\(index + 1) / \(total)")) }
    }

    /// Every colour the pages are drawn in: text, strokes and fills.
    func colours(_ pages: [LaidOutPage]) -> [RGB] {
        pages.flatMap { $0.ops.flatMap { op -> [RGB] in
            switch op {
            case .text(let run): [run.color]
            case .path(_, let style): [style.fill, style.stroke].compactMap { $0 }
            case .image: []
            }
        } }
    }

    @Test func theDiaryIsDrawnInTheKitsAccentWhenTheDataNamesOne() throws {
        var basil = try Fixtures.russianDiary()
        basil.accent = "#C2571F"
        let kit = colours(try layout(basil)), plain = colours(try layout(Fixtures.russianDiary()))
        #expect(plain.contains(Theme.accent) && plain.contains(Theme.accentDark) && plain.contains(Theme.accentTint))
        #expect(!kit.contains(Theme.accent) && !kit.contains(Theme.accentDark) && !kit.contains(Theme.accentTint))
        #expect(kit.contains(RGB(0xC2571F)))
        // The same drawing otherwise: only the accent's shades differ
        #expect(kit.count == plain.count)
        // Anything that is not #RRGGBB keeps the default green
        basil.accent = "orange"
        #expect(colours(try layout(basil)) == plain)
    }

    @Test func chartTicksAreEvenAndRound() {
        #expect(GrowthChart.dayTicks(maxDay: 20, step: GrowthChart.dayStep(20)) == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19])
        #expect(GrowthChart.dayTicks(maxDay: 60, step: GrowthChart.dayStep(60)) == [1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60])
        #expect(GrowthChart.niceScale(0.33) == (0.4, 4))
    }

    @Test func percentagesAreWrittenTheWayEachLanguageWritesThem() throws {
        let russian = try Fixtures.assets().strings(for: "ru"), english = try Fixtures.assets().strings(for: "en")
        #expect(russian.percent(0.24000000000000002) == "24\u{00A0}%")
        #expect(russian.percent(0.004) == "0,4\u{00A0}%")
        #expect(english.percent(0.004) == "0.4%")
        #expect(english.percent(0.091) == "9.1%" && english.percent(0.09) == "9%" && english.percent(0.333) == "33%")
        // Captions in the diary use it too
        var diary = try Fixtures.englishMidProgram()
        diary.photos[0].greenCoverage = 0.004
        #expect(texts(try layout(diary)).contains { $0.contains("0.4% green") })
        var russianDiary = try Fixtures.russianDiary()
        russianDiary.photos[0].greenCoverage = 0.004
        #expect(texts(try layout(russianDiary)).contains { $0.contains("зелень 0,4\u{00A0}%") }, "never broken before the sign")
    }

    /// The Russian diary finished the way the program ends: a stage of daily themes and the
    /// manifesto stage, whose manifesto opens with its own title line.
    func finishedWithThemesAndManifesto() throws -> PracticeDiaryData {
        var diary = try Fixtures.russianDiary()
        diary.stages[0].practices = ["Подготовь лоток", "Посев", "Полив"]
        diary.stages.append(.init(id: "baby-leaf", title: "Беби-лиф", reachedOn: try Fixtures.day("2026-11-21"),
                                  themes: [.init(title: "Медленность", note: "Рост, который не видно."),
                                           .init(title: "Корни", note: "То, что держит.")]))
        diary.stages.append(.init(id: "manifesto", title: "Манифест предвкушения", reachedOn: try Fixtures.day("2026-11-25"),
                                  holdsManifesto: true))
        diary.manifesto = "Мой манифест предвкушения\n\n" + (diary.manifesto ?? "")
        return diary
    }

    @Test func theManifestoStandsOnItsStagesPageUnderOneTitle() throws {
        let diary = try finishedWithThemesAndManifesto()
        let pages = try layout(diary)
        let page = try #require(pages.first { texts([$0]).contains("Манифест предвкушения") })
        let onPage = texts([page])
        #expect(onPage.contains("Я замедляюсь."), "the manifesto is on its stage's page, not pages later")
        // The title is said once: no "Мой манифест" heading, no repeated first line
        let all = texts(pages)
        #expect(all.filter { $0.lowercased().contains("манифест") }.count == 1, "\(all.filter { $0.lowercased().contains("манифест") })")
        #expect(all.filter { $0 == "Я замедляюсь." }.count == 1)
    }

    @Test func theManifestoHasAPageOfItsOwnEvenAfterABareStage() throws {
        // Given a final stage with nothing to show (no photos, answers or themes) before the manifesto
        var diary = try finishedWithThemesAndManifesto()
        diary.photos = []
        diary.stages.insert(.init(id: "final", title: "Финальная практика", reachedOn: try Fixtures.day("2026-11-25")),
                            at: diary.stages.count - 1)
        let pages = try layout(diary)
        // Then the bare stage does not share its page with the manifesto
        let manifestoPage = try #require(pages.first { texts([$0]).contains("Я замедляюсь.") })
        #expect(!texts([manifestoPage]).contains("Финальная практика"))
    }

    @Test func reflectionsStandUnderTheirThemesAndEarlierJourneysFollowWithTheirManifesto() throws {
        var diary = try finishedWithThemesAndManifesto()
        diary.stages[diary.stages.count - 2].themes?[1].answer = "семья и утренний чай"
        diary.earlierJourneys = [.init(programTitle: "Базилик", startDate: try Fixtures.day("2026-10-01"),
                                       endDate: try Fixtures.day("2026-10-09"), wish: "Больше тепла",
                                       answers: [.init(question: "Что тебя держит?", answer: "друзья")],
                                       manifesto: "Я жду весну.")]
        let all = texts(try layout(diary))
        #expect(all.contains("Мой ответ: семья и утренний чай"))
        #expect(all.contains("Прошлые пути"))
        #expect(all.contains { $0.lowercased().contains("базилик") && $0.lowercased().contains("1 октября 2026") })
        #expect(all.contains("Больше тепла") && all.contains("друзья") && all.contains("Я жду весну."))
    }

    @Test func anEarlierJourneyShowsItsPhotosUnderItsWords() throws {
        // Given a diary whose earlier journey had two photos (this journey's are the fixture's own)
        var diary = try finishedWithThemesAndManifesto()
        let earlier = Array(diary.photos.prefix(2)).enumerated().map { index, photo in
            PracticeDiaryData.Photo(path: photo.path, day: [2, 6][index], takenOn: photo.takenOn, greenCoverage: photo.greenCoverage)
        }
        diary.photos = Array(diary.photos.dropFirst(2))
        diary.beforeAfter = nil
        diary.earlierJourneys = [.init(programTitle: "Базилик", startDate: try Fixtures.day("2026-10-01"),
                                       endDate: try Fixtures.day("2026-10-09"), wish: "Больше тепла",
                                       answers: [.init(question: "Что тебя держит?", answer: "друзья")], photos: earlier)]
        let pages = try layout(diary)
        // Then the page with the earlier journey's words places both its photos, captioned with that journey's days
        let page = try #require(pages.first { texts([$0]).contains("Прошлые пути") })
        let placed = page.ops.compactMap { if case .image(let image) = $0 { image.key } else { nil } }
        #expect(placed == earlier.map(\.path), "\(placed)")
        #expect(texts([page]).contains { $0.contains("День 2") } && texts([page]).contains { $0.contains("День 6") }, "\(texts([page]))")
    }

    @Test func aStageListsEveryPracticeAndTheThemesTheUserOpened() throws {
        let all = texts(try layout(finishedWithThemesAndManifesto()))
        #expect(all.contains("Практики: Подготовь лоток · Посев · Полив"))
        #expect(all.contains("Практика: Дыхание у окна"))
        #expect(all.contains("ТЕМЫ"))
        #expect(all.contains("Медленность") && all.contains("Рост, который не видно."))
        #expect(all.contains("Корни") && all.contains("То, что держит."))
    }

    @Test func aSinglePhotoMakesNoEmptyChart() throws {
        var diary = try Fixtures.englishMidProgram()
        diary.photos.removeLast()
        diary.growth.removeLast()
        let pages = try layout(diary)
        #expect(!texts(pages).contains("How the greens grew"))
        // cover, two stages, statistics: no page with only a frame on it
        #expect(pages.count == 4)
        #expect(pages.allSatisfy { page in page.ops.contains { if case .text = $0 { true } else { false } } })
    }
}

import Foundation
import Testing
@testable import Reports

/// End to end: diary data → libharu PDF → what poppler sees in it.
@Suite struct PracticeDiaryPDFTests {
    /// pdftotext breaks lines where the layout wrapped them; compare with whitespace collapsed.
    func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func render(_ diary: PracticeDiaryData) throws -> URL {
        try Fixtures.temporaryPDF(Fixtures.renderer().render(diary, dataDirectory: Fixtures.folder))
    }

    @Test func aRussianDiaryContainsTheWishAnswersAndManifestoAsText() throws {
        let diary = try Fixtures.russianDiary()
        let pdf = try render(diary)
        defer { try? FileManager.default.removeItem(at: pdf) }
        let text = flat(try Poppler.text(pdf))
        #expect(text.contains(try #require(diary.wish)))
        #expect(text.contains(flat(diary.stages[0].answers[0].answer)))
        #expect(text.contains(flat(diary.stages[1].answers[1].answer)))
        #expect(text.contains("Мой манифест"))
        #expect(text.contains("25 ноября 2026"))
        // The emoji of stage 2 are printed as symbols of their kind
        #expect(text.contains("чаще, чем телефон ♣♣."), "\(text)")
        #expect(!text.contains("🌱"))
    }

    @Test func anEnglishMidProgramDiaryRendersWithoutTheMissingSections() throws {
        let diary = try Fixtures.englishMidProgram()
        let pdf = try render(diary)
        defer { try? FileManager.default.removeItem(at: pdf) }
        let text = flat(try Poppler.text(pdf))
        #expect(text.contains("To notice one small good thing every day."))
        #expect(text.contains("Tiny green loops appeared overnight. I smiled before coffee."))
        #expect(text.contains("the program is still growing"))
        #expect(!text.contains("My manifesto"))
        // cover, 2 stages, growth chart, statistics
        #expect(try Poppler.pageCount(pdf) == 5)
    }

    @Test func pagesImagesAndFontsAreAsLaidOut() throws {
        let pdf = try render(Fixtures.russianDiary())
        defer { try? FileManager.default.removeItem(at: pdf) }
        // cover, 4 stages, chart with before/after, manifesto with statistics
        #expect(try Poppler.pageCount(pdf) == 7)
        let images = try Poppler.images(pdf)
        // cover 1 + stages 1+2+1+1 + before/after 2, all JPEG; each file embedded once
        #expect(images.count == 8)
        #expect(images.allSatisfy { $0.encoding == "jpeg" })
        #expect(Set(images.map(\.object)).count == 5)
        let fonts = try Poppler.fonts(pdf)
        // One embedded face for every role (see FontRole for why)
        #expect(fonts.count == 1)
        #expect(fonts.allSatisfy { $0.embedded && $0.type == "CID TrueType" && $0.name.contains("DejaVuSerif") })
    }

    @Test(arguments: ["ru", "en"])
    func anEarlierJourneysPhotosAreDrawnOnItsPage(locale: String) throws {
        // Given a diary (in either language) with an earlier journey that had three photos
        var diary = try locale == "ru" ? Fixtures.russianDiary() : Fixtures.englishMidProgram()
        let earlier = ["plant-day2.jpg", "plant-portrait.jpg", "plant-day4.jpg"].enumerated().map { index, path in
            PracticeDiaryData.Photo(path: path, day: [2, 9, 15][index], takenOn: diary.startDate, greenCoverage: 0.2)
        }
        diary.earlierJourneys = [.init(programTitle: "Basil", startDate: diary.startDate, endDate: diary.startDate,
                                       answers: [.init(question: "?", answer: "friends")], photos: earlier)]
        var wordsOnly = diary
        wordsOnly.earlierJourneys?[0].photos = nil
        let plain = try render(wordsOnly)
        let pdf = try render(diary)
        defer { try? FileManager.default.removeItem(at: pdf); try? FileManager.default.removeItem(at: plain) }
        let before = try Poppler.images(plain)
        // Then the PDF draws three more photos, and each earlier photo's caption is in it
        #expect(try Poppler.images(pdf).count == before.count + 3)
        let text = flat(try Poppler.text(pdf))
        #expect(text.contains(locale == "ru" ? "День 9" : "Day 9") && text.contains(locale == "ru" ? "День 15" : "Day 15"), "\(text.suffix(600))")
    }

    @Test func photosAreEmbeddedByteForByteWithoutReencoding() throws {
        let pdf = try render(Fixtures.englishMidProgram())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diary-images-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: pdf); try? FileManager.default.removeItem(at: folder) }
        _ = try Poppler.run("pdfimages", ["-j", "-f", "2", "-l", "2", pdf.path, folder.appendingPathComponent("img").path])
        let extracted = try Data(contentsOf: folder.appendingPathComponent("img-000.jpg"))
        #expect(extracted == (try Data(contentsOf: Fixtures.folder.appendingPathComponent("plant-day1.jpg"))))
    }

    @Test func aVeryLongAnswerFlowsOntoMorePagesAndIsExtractableInFull() throws {
        var diary = try Fixtures.englishMidProgram()
        let sentence = "Today I watched the light move across the sprouts and breathed slowly."
        diary.stages[0].answers[0].answer = Array(repeating: sentence, count: 150).joined(separator: " ")
        let pdf = try render(diary)
        defer { try? FileManager.default.removeItem(at: pdf) }
        #expect(try Poppler.pageCount(pdf) >= 8)
        // Page numbers interrupt the flow in extracted text; drop them before counting.
        let text = try Poppler.text(pdf).replacingOccurrences(of: #"\d+ ?/ ?\d+"#, with: "", options: .regularExpression)
        #expect(flat(text).components(separatedBy: sentence).count - 1 == 150)
    }

    @Test func writingToAFileIsAtomicAndLeavesOnlyThePDF() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diary-out-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("Sogreto-diary-2026-11-25.pdf")
        try Fixtures.renderer().render(Fixtures.englishMidProgram(), dataDirectory: Fixtures.folder, to: output)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["Sogreto-diary-2026-11-25.pdf"])
        #expect(try Data(contentsOf: output).starts(with: Data("%PDF-".utf8)))
    }

    @Test func aPhotoThatIsNotAJPEGIsAClearError() throws {
        var diary = try Fixtures.englishMidProgram()
        diary.photos[0].path = "diary-ru.json"
        #expect(throws: ReportsError.photoUnreadable("diary-ru.json", reason: "it is not a baseline or progressive JPEG")) {
            try Fixtures.renderer().render(diary, dataDirectory: Fixtures.folder)
        }
        diary.photos[0].path = "missing.jpg"
        #expect(throws: ReportsError.photoUnreadable("missing.jpg", reason: "the file cannot be read")) {
            try Fixtures.renderer().render(diary, dataDirectory: Fixtures.folder)
        }
    }
}

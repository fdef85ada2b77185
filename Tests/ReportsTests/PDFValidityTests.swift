import Foundation
import Testing
@testable import Reports

/// Every diary is a valid PDF: qpdf finds nothing wrong, and poppler reads and draws it
/// without a single warning (libharu's own ToUnicode CMap made poppler complain
/// "Invalid 'begincidrange' operator" on every text run).
@Suite struct PDFValidityTests {
    @Test(arguments: ["ru", "en"])
    func aDiaryPassesQpdfAndPopplerReadsItWithoutWarnings(locale: String) throws {
        // Given a whole Cyrillic diary (the English one mid-program)
        let diary = locale == "ru" ? try Fixtures.russianDiary() : try Fixtures.englishMidProgram()
        let pdf = try Fixtures.temporaryPDF(Fixtures.renderer().render(diary, dataDirectory: Fixtures.folder))
        defer { try? FileManager.default.removeItem(at: pdf) }

        // qpdf checks the structure, every stream and the fonts' CMaps
        let check = try Poppler.runReportingErrors("qpdf", ["--check", pdf.path])
        let report = String(decoding: check.output, as: UTF8.self)
        #expect(check.status == 0, "\(report)\(check.errors)")
        #expect(report.contains("No syntax or stream encoding errors found"), "\(report)")
        #expect(check.errors.isEmpty, "\(check.errors)")

        // poppler extracts the text and renders every page without a word on stderr
        let text = try Poppler.runReportingErrors("pdftotext", ["-enc", "UTF-8", pdf.path, "-"])
        #expect(text.status == 0 && text.errors.isEmpty, "\(text.errors)")
        let words = String(decoding: text.output, as: UTF8.self)
        #expect(words.contains(locale == "ru" ? "Дневник" : "diary") || words.contains("DIARY") || words.contains("ДНЕВНИК"))
        let pages = try Poppler.runReportingErrors("pdftoppm", ["-r", "20", "-gray", pdf.path, pdf.deletingPathExtension().path])
        defer {
            let folder = pdf.deletingLastPathComponent(), stem = pdf.deletingPathExtension().lastPathComponent
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(stem + "-") {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        #expect(pages.status == 0 && pages.errors.isEmpty, "\(pages.errors)")
    }

    @Test func theToUnicodeMapIsTheIdentityOverTheBMPInBfranges() {
        let cmap = ToUnicodeCMap.identityBMP
        #expect(!cmap.contains("cidrange"))
        #expect(cmap.contains("<0400> <04FF> <0400>"), "Cyrillic maps to itself")
        #expect(!cmap.contains("<D800>"), "no surrogates")
        // No block over the 100 entries a CMap block may hold
        for line in cmap.split(separator: "\n") where line.hasSuffix("beginbfrange") {
            #expect((Int(line.split(separator: " ")[0]) ?? 999) <= 100)
        }
    }
}

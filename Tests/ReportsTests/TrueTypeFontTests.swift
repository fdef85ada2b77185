import Foundation
import Testing
@testable import Reports

@Suite struct TrueTypeFontTests {
    @Test(arguments: [FontRole.text, .label])
    func dejaVuCoversBothAlphabetsAndMeasuresExactlyLikeLibharu(role: FontRole) throws {
        let assets = try Fixtures.assets()
        let font = assets.font(role)
        for scalar in RussianAndLatin.all.unicodeScalars {
            #expect(font.hasGlyph(scalar), "missing \(scalar)")
        }
        #expect(!font.hasGlyph("🌱"))
        // Our widths decide line breaks; libharu's decide where glyphs land. They must agree.
        let document = try HaruDocument()
        let haruFont = try document.loadFont(assets.fontURL(role), priming: [])
        let sample = RussianAndLatin.all + " 0123456789 «»—…,.;:!?№%"
        #expect(Double(document.measure(sample, with: haruFont)) == font.width(of: sample, size: 1000))
    }

    @Test func primingMeasuresComponentsBeforeTheLettersBuiltFromThem() throws {
        // Given DejaVu Serif, where Ё is built from Е and a diaeresis, and Е from Latin E
        let font = try Fixtures.assets().font(.text)
        // When the priming order is computed for Ё alone
        let order = font.primingOrder(for: ["Ё"]).map { String($0) }
        // Then E and Е come before Ё
        let latinE = try #require(order.firstIndex(of: "E"))
        let cyrillicE = try #require(order.firstIndex(of: "Е"))
        let yo = try #require(order.firstIndex(of: "Ё"))
        #expect(latinE < cyrillicE && cyrillicE < yo)
    }

    @Test(arguments: [FontRole.text, .label])
    func noNestedComponentOfTheAlphabetsIsOutOfReach(role: FontRole) throws {
        let font = try Fixtures.assets().font(role)
        #expect(font.unreachableNestedComponents(for: RussianAndLatin.all.unicodeScalars).isEmpty)
    }

    @Test func aTruncatedFontIsAnErrorNotACrash() throws {
        let url = Fixtures.assetsFolder.appendingPathComponent("fonts/DejaVuSans.ttf")
        let prefix = try Data(contentsOf: url).prefix(4096)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID()).ttf")
        try prefix.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ReportsError.self) { try TrueTypeFont(contentsOf: file) }
    }
}

import Foundation
import Testing
@testable import Reports

@Suite struct TrueTypeFontTests {
    @Test(arguments: [FontRole.serif, .sans])
    func dejaVuCoversBothAlphabetsAndMeasuresLikeLibharu(role: FontRole) throws {
        let font = try Fixtures.assets().font(role)
        for scalar in RussianAndLatin.all.unicodeScalars {
            #expect(font.hasGlyph(scalar), "missing \(scalar)")
        }
        #expect(!font.hasGlyph("🌱"))
        // DejaVu Sans "H" advance is 1540/2048 em → 751/1000 (truncated, as libharu does)
        if role == .sans { #expect(font.advance("H") == 751) }
        #expect(font.width(of: "ab", size: 10) == Double(font.advance("a") + font.advance("b")) / 100)
    }

    @Test func primingMeasuresComponentsBeforeTheLettersBuiltFromThem() throws {
        // Given DejaVu Serif, where Ё is built from Е and a diaeresis, and Е from Latin E
        let font = try Fixtures.assets().font(.serif)
        // When the priming order is computed for Ё alone
        let order = font.primingOrder(for: ["Ё"]).map { String($0) }
        // Then E and Е come before Ё
        let latinE = try #require(order.firstIndex(of: "E"))
        let cyrillicE = try #require(order.firstIndex(of: "Е"))
        let yo = try #require(order.firstIndex(of: "Ё"))
        #expect(latinE < cyrillicE && cyrillicE < yo)
    }

    @Test(arguments: [FontRole.serif, .sans])
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

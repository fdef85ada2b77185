import CHaruSpeedups
import Foundation
import Testing
@testable import Reports

/// libharu's byte-at-a-time HPDF_MemCpy/HPDF_MemSet are replaced by interposition
/// (Sources/CHaruSpeedups); libharu embeds a diary's JPEGs as they are, so they must still
/// arrive in the PDF byte for byte.
@Suite struct HaruSpeedupsTests {
    @Test func libharuCopiesThroughTheFastDefinitionsAndPhotosStayExact() throws {
        // Given a diary with photos, When it is rendered
        let pdf = try Fixtures.renderer().render(try Fixtures.russianDiary(), dataDirectory: Fixtures.folder)
        // Then libharu called the executable's HPDF_MemCpy/HPDF_MemSet (the interposition took effect)
        #expect(haru_speedups_active() == 1)
        // And every photo file appears in the PDF unchanged (the copy is exact)
        for name in ["plant-day1.jpg", "plant-day2.jpg"] {
            let jpeg = try Data(contentsOf: Fixtures.folder.appendingPathComponent(name))
            #expect(pdf.range(of: jpeg) != nil, "\(name) is embedded byte for byte")
        }
    }
}

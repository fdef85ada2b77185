import Foundation
import Testing
@testable import Reports

/// libharu embeds a diary's JPEGs as they are (DCT pass-through).
@Suite struct EmbeddedPhotoTests {
    @Test func photosAreEmbeddedByteForByte() throws {
        // Given a diary with photos, When it is rendered
        let pdf = try Fixtures.renderer().render(try Fixtures.russianDiary(), dataDirectory: Fixtures.folder)
        // Then every photo file appears in the PDF unchanged
        for name in ["plant-day1.jpg", "plant-day2.jpg"] {
            let jpeg = try Data(contentsOf: Fixtures.folder.appendingPathComponent(name))
            #expect(pdf.range(of: jpeg) != nil, "\(name) is embedded byte for byte")
        }
    }
}

import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("Green coverage measures the share of plant-green pixels")
    struct GreenCoverageTests {
        /// 16 px blocks, a known number of them leaf-green, scattered; the rest soil.
        private func scattered(greenBlocks: Int, columns: Int = 25, rows: Int = 16, block: Int = 16) throws -> FixtureImage {
            let total = columns * rows
            let green = Set((0..<total).map { ($0 * 7919) % total }.prefix(greenBlocks))
            return try Fixtures.image(width: columns * block, height: rows * block) { x, y in
                green.contains((y / block) * columns + x / block) ? .green : .soil
            }
        }

        @Test("a lossless image with a known share is measured exactly", arguments: [0, 37, 100, 250, 400])
        func exactShare(greenBlocks: Int) throws {
            let png = try scattered(greenBlocks: greenBlocks).encoded(as: ".png")
            let share = try GreenCoverage().share(ofEncoded: png)
            #expect(abs(share - Double(greenBlocks) / 400) < 0.0005)
        }

        @Test("a JPEG of a known share is within ±0.005")
        func jpegShare() throws {
            // (one straight edge: JPEG blurs colour edges over a few pixels, as in any photo)
            let image = try Fixtures.image(width: 1600, height: 1000) { x, _ in x < 437 ? .green : .soil }
            let share = try GreenCoverage().share(ofEncoded: Fixtures.jpeg(image, quality: 85))
            #expect(abs(share - 437.0 / 1600) < 0.005, "measured \(share)")
        }

        @Test("the threshold separates yellowish and grey tones from leaves")
        func threshold() throws {
            // 2G - R - B: (150,170,140) → 50 counts; (150,165,140) → 40 does not (strictly above)
            let image = try Fixtures.image(width: 100, height: 10) { x, _ in
                x < 30 ? Fixtures.Colour(150, 170, 140) : Fixtures.Colour(150, 165, 140)
            }
            #expect(abs(try GreenCoverage().share(ofEncoded: image.encoded(as: ".png")) - 0.3) < 0.0001)
        }

        @Test("a non-image is refused")
        func refusesNonImages() {
            #expect(throws: MediaError.self) { try GreenCoverage().share(ofEncoded: Data("hello".utf8)) }
        }
    }
}

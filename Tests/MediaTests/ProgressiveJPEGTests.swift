import CJpeg
import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// A progressive JPEG (many phones and most web exports) takes the direct path like a
    /// baseline one (below full size through the Swift progressive decoder) and must give the
    /// same stored photo.
    @Suite("Progressive JPEG ingest")
    struct ProgressiveJPEGTests {
        @Test("a progressive JPEG ingests to the same photo as the baseline one", arguments: [1, 3, 6, 8])
        func sameAsBaseline(orientation: Int) throws {
            // Given one noisy 1200x900 picture tagged `orientation`, encoded baseline and progressive
            var state: UInt32 = 11
            let picture = try Fixtures.image(width: 1200, height: 900) { x, y in
                state = state &* 1_103_515_245 &+ 12345
                let noise = Int(state >> 27)
                return Fixtures.Colour(min(255, x / 5 + noise), min(255, y / 4 + noise), (x / 40 + y / 40) % 2 == 0 ? 60 : 190)
            }.settingInteger("orientation", to: orientation)
            let baseline = try picture.encoded(as: ".jpg[Q=90]")
            let progressive = try picture.encoded(as: ".jpg[Q=90,interlace]")
            #expect(try Self.isProgressive(progressive) && !(try Self.isProgressive(baseline)))
            let header = try PhotoProbe().inspect(progressive)
            #expect(header.decodesDirectly && header.orientation == orientation)
            // When both are ingested (shrunk on load at 1/2, then resampled, as a 12 MP photo is)
            var settings = IngestSettings()
            settings.mainLongSide = 500
            let ingest = PhotoIngest(settings: settings)
            let fromBaseline = try ingest.ingest(baseline)
            let fromProgressive = try ingest.ingest(progressive)
            // Then the stored photos have the same upright size and the same pixels
            let upright = orientation >= 5 ? (375, 500) : (500, 375)
            #expect((fromProgressive.width, fromProgressive.height) == upright)
            #expect((fromProgressive.width, fromProgressive.height) == (fromBaseline.width, fromBaseline.height))
            #expect((fromProgressive.thumbnailWidth, fromProgressive.thumbnailHeight)
                    == (fromBaseline.thumbnailWidth, fromBaseline.thumbnailHeight))
            // (within what re-encoding pixels one level apart does: the Swift progressive decoder's
            // float IDCT rounds a little differently from libjpeg's)
            let main = try DirectJPEGTests.meanDifference(fromProgressive.main, fromBaseline.main)
            let thumbnail = try DirectJPEGTests.meanDifference(fromProgressive.thumbnail, fromBaseline.thumbnail)
            #expect(main < 1.5 && thumbnail < 1.5, "main \(main), thumbnail \(thumbnail)")
            #expect(abs(fromProgressive.greenCoverage - fromBaseline.greenCoverage) < 0.01)
        }

        @Test("a progressive JPEG's cover tile, cropped and resized as it is decoded, is the baseline one's",
              arguments: [1, 6])
        func coverTileAsBaseline(orientation: Int) throws {
            // Given one 900x700 picture tagged `orientation`, encoded baseline and progressive
            let picture = try Fixtures.image(width: 900, height: 700) { x, y in
                Fixtures.Colour((x * 3 + y) % 256, (y * 2) % 256, (x / 30 + y / 30) % 2 == 0 ? 40 : 200)
            }.settingInteger("orientation", to: orientation)
            let baseline = try picture.encoded(as: ".jpg[Q=90]")
            let progressive = try picture.encoded(as: ".jpg[Q=90,interlace]")
            // When both are cut as 240x160 cover tiles (decoded at 3/8, only the crop's rows kept)
            let decoder = PhotoDecoder()
            let fromBaseline = try decoder.coverTile(.bytes(baseline), header: try PhotoProbe().inspect(baseline),
                                                     width: 240, height: 160)
            let fromProgressive = try decoder.coverTile(.bytes(progressive), header: try PhotoProbe().inspect(progressive),
                                                        width: 240, height: 160)
            // Then they are the same tile, within the rounding of the Swift decoder's float IDCT
            #expect((fromProgressive.width, fromProgressive.height) == (240, 160))
            let differences = zip(StreamedDecodeTests.bytes(fromProgressive), StreamedDecodeTests.bytes(fromBaseline))
                .map { abs(Int($0) - Int($1)) }
            #expect(differences.max() ?? 255 <= 3)
            #expect(Double(differences.reduce(0, +)) / Double(differences.count) < 0.1)
        }

        @Test("a truncated progressive JPEG is refused as corrupt, not shown half-refined")
        func truncatedProgressive() throws {
            let whole = try Fixtures.image(width: 640, height: 480) { x, y in
                Fixtures.Colour((x * 7 + y) % 256, (y * 5) % 256, (x ^ y) % 256)
            }.encoded(as: ".jpg[Q=90,interlace]")
            #expect(throws: Never.self) { try PhotoIngest().ingest(whole) }
            for cut in [whole.count / 3, whole.count - 100] {
                #expect {
                    try PhotoIngest().ingest(whole.prefix(cut))
                } throws: { error in
                    (error as? MediaError)?.reason == .corrupt
                }
            }
        }

        static func isProgressive(_ jpeg: Data) throws -> Bool {
            var info = sg_jpeg_info()
            var error = [CChar](repeating: 0, count: 64)
            let status = jpeg.withUnsafeBytes { sg_jpeg_probe($0.baseAddress, $0.count, &info, &error, error.count) }
            return status == SG_JPEG_OK && info.progressive != 0
        }
    }
}

import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("The fast paths (own resampler, FreeType captions, files read by libvips) give the same results")
    struct FastPathTests {
        @Test("resampling keeps a flat colour exactly flat and gives the exact size", arguments: [(1000, 750, 640, 480), (997, 601, 320, 193), (80, 60, 160, 120)])
        func resamplerSizeAndFlatness(inWidth: Int, inHeight: Int, outWidth: Int, outHeight: Int) throws {
            // Given a flat green image of an awkward size
            let flat = try Fixtures.solid(.green, width: inWidth, height: inHeight)
            // When it is resampled (down or up)
            let resized = try flat.resampled(width: outWidth, height: outHeight)
            // Then the size is exact and no pixel drifts from the colour (weights sum to one)
            #expect((resized.width, resized.height) == (outWidth, outHeight))
            let bytes = try Pixels(resized.encoded(as: ".png")).bytes
            #expect(bytes.count == outWidth * outHeight * 3)
            #expect(stride(from: 0, to: bytes.count, by: 3).allSatisfy {
                (Int(bytes[$0]), Int(bytes[$0 + 1]), Int(bytes[$0 + 2])) == (40, 200, 40)
            })
        }

        @Test("resampling keeps regions in place: the left half stays red, the right half blue")
        func resamplerKeepsGeometry() throws {
            // Given an image red on its left half, blue on its right
            let halves = try Fixtures.image(width: 900, height: 300) { x, _ in x < 450 ? .red : .blue }
            // When it is shrunk by 2.5
            let small = try Pixels(halves.resampled(width: 360, height: 120).jpeg(quality: 95))
            // Then both halves are where they were, away from the seam
            #expect(small.mean(x: 20, y: 20, width: 140, height: 80).distance(to: .red) < 12)
            #expect(small.mean(x: 200, y: 20, width: 140, height: 80).distance(to: .blue) < 12)
        }

        @Test("a caption is measured like Pango would, and text the font cannot draw still renders")
        func captions() throws {
            let fonts = try MediaFonts(directory: ProjectPaths.root.appendingPathComponent("assets/fonts"))
            // "День 1" at 64 px: Pango's ink box is 244 x 57 with this font
            let day = try CoverageMask.libvipsText("День 1", font: fonts.bold, pixelSize: 64)
            #expect(abs(day.width - 244) <= 3 && abs(day.height - 57) <= 3, "\(day.width)x\(day.height)")
            // A glyph DejaVu lacks goes through Pango's font fallback instead of failing
            let fallback = try CoverageMask.libvipsText("День 日", font: fonts.bold, pixelSize: 32)
            #expect(fallback.width > 60 && fallback.height > 10)
            // Long text wraps within the width it is given
            let wrapped = try CoverageMask.libvipsText("Зелень растёт каждый день, смотрите сами", font: fonts.bold,
                                                 pixelSize: 38, maxWidth: 400)
            #expect(wrapped.width <= 400 && wrapped.height > 2 * 38)
        }

        @Test("a photo read from a file is ingested exactly like the same bytes in memory")
        func fileSource() throws {
            // Given a sideways-tagged photo saved to a file
            let upload = try Fixtures.orientedJPEG(orientation: 6)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-fast-\(UUID().uuidString).jpg")
            try upload.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            // When it is ingested from the file and from memory
            let fromFile = try PhotoIngest().ingest(.file(file))
            let fromBytes = try PhotoIngest().ingest(upload)
            // Then the stored photos are the same, byte for byte
            #expect(fromFile.main == fromBytes.main)
            #expect(fromFile.thumbnail == fromBytes.thumbnail)
            // And a missing file is a request error with a sentence, not a crash
            let missing = file.appendingPathExtension("missing")
            #expect(throws: MediaError.self) { try PhotoIngest().ingest(.file(missing)) }
        }
    }
}

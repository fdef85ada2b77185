import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// Collages and timelines of plain JPEGs (every stored photo) are drawn without libvips:
    /// tiles cut by libjpeg (CJpeg's sg_jpeg_decode), drawing on a `PixelCanvas`
    /// (CPixels), captions by FreeType (FreeTypeText), encoding by libjpeg. The pictures must be the
    /// ones libvips draws. (That libvips is then never loaded is checked on the real binary in
    /// BotEndToEndTests' LazyLibvipsEndToEndTests: this test process loads it for its fixtures.)
    @Suite("Rendering plain JPEGs directly")
    struct DirectRenderingTests {
        let fonts: MediaFonts

        init() throws {
            fonts = try MediaFonts(directory: ProjectPaths.root.appendingPathComponent("assets/fonts"))
        }

        /// The same pipeline with libvips decoding plain JPEGs too.
        static let throughLibvips: PhotoDecoder = {
            var decoder = PhotoDecoder()
            decoder.decodesPlainJPEGsWithLibjpeg = false
            return decoder
        }()

        /// libjpeg at the DCT scales libvips shrinks a JPEG by, so the two decoders are compared
        /// at the same scale (at the other M/8 scales the pictures differ by a few levels).
        static let atLibvipsScales: PhotoDecoder = {
            var decoder = PhotoDecoder()
            decoder.dctScales = [1, 2, 4, 8]
            return decoder
        }()

        /// A noisy gradient, so that a shifted crop or a wrong resize shows as a difference.
        private static func noisyPhoto(width: Int, height: Int, orientation: Int = 1, seed: UInt32 = 7) throws -> Data {
            var state = seed
            let stored = try Fixtures.image(width: width, height: height) { x, y in
                state = state &* 1_103_515_245 &+ 12345
                let noise = Int(state >> 28)
                return Fixtures.Colour(min(255, x * 200 / width + noise), min(255, y * 200 / height + noise),
                                       (x / 16 + y / 16) % 2 == 0 ? 60 : 180)
            }
            return try Fixtures.jpeg(stored.settingInteger("orientation", to: orientation), quality: 92)
        }

        @Test("a cover tile cut by libjpeg is the one libvips cuts, for every orientation and cell shape",
              arguments: [(1, 384, 384), (2, 384, 384), (3, 500, 300), (4, 300, 500), (5, 384, 384), (6, 500, 300),
                          (7, 300, 500), (8, 1024, 1024)])
        func coverTilesAgree(orientation: Int, width: Int, height: Int) throws {
            // Given a 1900x1300 plain JPEG tagged `orientation` (decoded at 1/2 or 1/4, then cropped)
            let upload = try Self.noisyPhoto(width: 1900, height: 1300, orientation: orientation)
            let header = try PhotoProbe().inspect(upload)
            #expect(header.decodesDirectly)
            // When its centre is cut to cover the cell both ways
            let direct = try Self.atLibvipsScales.coverTile(.bytes(upload), header: header, width: width, height: height)
            let libvips = try Self.throughLibvips.coverTile(.bytes(upload), header: header, width: width, height: height)
            // Then both are the cell's size, upright, and their pixels agree
            #expect((direct.width, direct.height) == (width, height))
            #expect((libvips.width, libvips.height) == (width, height))
            #expect(Self.meanDifference(direct, libvips) < 1.0)
            // At any M/8 scale (3/8 or 7/8 here) the DCT's own downscaling differs by a few levels
            let anyScale = try PhotoDecoder().coverTile(.bytes(upload), header: header, width: width, height: height)
            #expect((anyScale.width, anyScale.height) == (width, height))
            #expect(Self.meanDifference(anyScale, libvips) < 5.0)
        }

        /// Mean absolute difference (0...255) of two images of the same size.
        static func meanDifference(_ a: RGBPixels, _ b: RGBPixels) -> Double {
            let count = a.width * a.height * 3
            guard (a.width, a.height) == (b.width, b.height), count > 0 else { return .infinity }
            var total = 0
            for index in 0..<count { total += abs(Int(a.bytes[index]) - Int(b.bytes[index])) }
            return Double(total) / Double(count)
        }

        @Test("progressive and grey JPEGs are cut by libjpeg like libvips cuts them", arguments: [".jpg[Q=90,interlace]", "grey"])
        func progressiveAndGrey(kind: String) throws {
            // Given a progressive (or a greyscale) plain JPEG
            var state: UInt32 = 5
            let picture = try Fixtures.image(width: 1500, height: 1000) { x, y in
                state = state &* 1_103_515_245 &+ 12345
                return Fixtures.Colour(min(255, x / 6 + Int(state >> 28)), y / 4, (x / 32 + y / 32) % 2 == 0 ? 50 : 200)
            }
            let upload = kind == "grey" ? try Fixtures.jpeg(picture.converted(to: .greyscale)) : try picture.encoded(as: kind)
            let header = try PhotoProbe().inspect(upload)
            #expect(header.decodesDirectly)
            // When a 384 px cell is cut both ways
            let direct = try PhotoDecoder().coverTile(.bytes(upload), header: header, width: 384, height: 384)
            let libvips = try Self.throughLibvips.coverTile(.bytes(upload), header: header, width: 384, height: 384)
            // Then the pixels agree (grey comes out as three equal bands)
            #expect((libvips.width, libvips.height) == (384, 384))
            let expected = UnsafeBufferPointer(start: libvips.bytes, count: 384 * 384 * 3)
            let got = UnsafeBufferPointer(start: direct.bytes, count: 384 * 384 * 3)
            var total = 0
            for (a, b) in zip(got, expected) { total += abs(Int(a) - Int(b)) }
            #expect(Double(total) / Double(expected.count) < 1.0)
        }

        @Test("a cover tile of a tiny photo is enlarged to the cell")
        func tinyPhotoIsEnlarged() throws {
            let upload = try Self.noisyPhoto(width: 120, height: 90)
            let header = try PhotoProbe().inspect(upload)
            let tile = try PhotoDecoder().coverTile(.bytes(upload), header: header, width: 384, height: 384)
            #expect((tile.width, tile.height) == (384, 384))
        }

        @Test("collages and timelines of plain JPEGs drawn directly match the ones drawn through libvips",
              arguments: [CollageLayout.contract, .sideBySide, .stacked])
        func collagesAgree(layout: CollageLayout) throws {
            // Given two plain JPEGs, one sideways-tagged
            let before = LabeledPhoto(data: try Self.noisyPhoto(width: 1600, height: 1200), label: "День 1")
            let after = LabeledPhoto(data: try Self.noisyPhoto(width: 1200, height: 1600, orientation: 6, seed: 3),
                                     label: "День 12")
            var throughLibvips = CollageRenderer(fonts: fonts)
            throughLibvips.decoder = Self.throughLibvips
            // When the collage is drawn both ways
            var atLibvipsScales = CollageRenderer(fonts: fonts)
            atLibvipsScales.decoder = Self.atLibvipsScales
            let direct = try atLibvipsScales.render(before: before, after: after, layout: layout, footer: "Sogreto")
            let reference = try throughLibvips.render(before: before, after: after, layout: layout, footer: "Sogreto")
            // Then the two JPEGs show the same picture
            #expect(try DirectJPEGTests.meanDifference(direct, reference) < 1.5)
        }

        @Test("a timeline with its growth curve drawn directly matches the one drawn through libvips")
        func timelinesAgree() throws {
            let entries = try (0..<7).map { index in
                TimelineEntry(data: try Self.noisyPhoto(width: 800 + 40 * index, height: 600, orientation: 1 + index,
                                                        seed: UInt32(index + 1)),
                              day: 1 + 3 * index, label: "День \(1 + 3 * index)", greenCoverage: 0.02 + 0.05 * Double(index))
            }
            var throughLibvips = TimelineRenderer(fonts: fonts)
            throughLibvips.decoder = Self.throughLibvips
            let direct = try TimelineRenderer(fonts: fonts).render(entries, curve: GrowthCurveLabels(title: "Зелень на фото"))
            let reference = try throughLibvips.render(entries, curve: GrowthCurveLabels(title: "Зелень на фото"))
            let pixels = try Pixels(direct)
            #expect((pixels.width, pixels.height) == (2016, 928 + 400))
            #expect(try DirectJPEGTests.meanDifference(direct, reference) < 1.5)
        }

        @Test("a plain JPEG and a PNG can share a collage: the PNG goes through libvips, the JPEG does not")
        func mixedSources() throws {
            let jpeg = try Fixtures.jpeg(Fixtures.solid(.red, width: 1600, height: 1200), quality: 90)
            let png = try Fixtures.solid(.blue, width: 1600, height: 1200).encoded(as: ".png")
            let collage = try CollageRenderer(fonts: fonts).render(
                before: LabeledPhoto(data: jpeg, label: "День 1"), after: LabeledPhoto(data: png, label: "День 2"),
                layout: .contract)
            let pixels = try Pixels(collage)
            #expect(pixels.mean(x: 400, y: 400, width: 100, height: 100).distance(to: .red) < 10)
            #expect(pixels.mean(x: 1500, y: 400, width: 100, height: 100).distance(to: .blue) < 10)
        }

        @Test("captions are centred in their bar, anti-aliased, and as wide as Pango measures them")
        func captionsCentredAndLegible() throws {
            // Given a flat grey photo pair in the contract layout
            let grey = try Fixtures.jpeg(Fixtures.solid(Fixtures.Colour(128, 128, 128), width: 1600, height: 1200), quality: 95)
            let collage = try CollageRenderer(fonts: fonts).render(
                before: LabeledPhoto(data: grey, label: "День 1"), after: LabeledPhoto(data: grey, label: "День 1"),
                layout: .contract)
            let pixels = try Pixels(collage)
            // When the white ink in the left caption bar (y 912...1023) is found
            var left = Int.max, right = Int.min, top = Int.max, bottom = Int.min
            var partial = 0
            for y in 912..<1024 {
                for x in 0..<1024 {
                    let c = pixels[x, y]
                    if c.r > 200 { left = min(left, x); right = max(right, x); top = min(top, y); bottom = max(bottom, y) }
                    else if c.r > 90 { partial += 1 }  // edge pixels between the bar and white
                }
            }
            // Then it is centred in the cell and the bar, "День 1" at 64 px is ~244 x 57, and its
            // edges are anti-aliased (grey between the dark bar and the white letters)
            #expect(abs((left + right) / 2 - 512) <= 3, "ink \(left)...\(right)")
            #expect(abs((top + bottom) / 2 - (912 + 56)) <= 4, "ink \(top)...\(bottom)")
            #expect(abs(right - left + 1 - 244) <= 6 && abs(bottom - top + 1 - 57) <= 6)
            #expect(partial > 200)
        }

        @Test("a caption mask comes from FreeType, and text the font lacks still renders (through Pango)")
        func captionMasks() throws {
            let day = try CoverageMask.render("День 1", font: fonts.bold, pixelSize: 64)
            #expect(abs(day.width - 244) <= 3 && abs(day.height - 57) <= 3, "\(day.width)x\(day.height)")
            let levels = Set(UnsafeBufferPointer(start: day.bytes, count: day.width * day.height))
            #expect(levels.contains(255) && levels.count > 50, "coverage is anti-aliased, not a bitmap")
            let fallback = try CoverageMask.render("День 日", font: fonts.bold, pixelSize: 32)
            #expect(fallback.width > 60 && fallback.height > 10)
            let wrapped = try CoverageMask.render("Зелень растёт каждый день, смотрите сами", font: fonts.regular,
                                                  pixelSize: 38, maxWidth: 400)
            #expect(wrapped.width <= 400 && wrapped.height > 2 * 38)
        }

        @Test("a truncated plain JPEG in a collage is a corrupt-photo error, not a crash or a grey tile")
        func truncatedPhoto() throws {
            let whole = try Self.noisyPhoto(width: 1600, height: 1200)
            let good = LabeledPhoto(data: whole, label: "День 1")
            let cut = LabeledPhoto(data: whole.prefix(whole.count / 2), label: "День 2")
            #expect {
                try CollageRenderer(fonts: fonts).render(before: good, after: cut, layout: .contract)
            } throws: { error in
                (error as? MediaError)?.reason == .corrupt
            }
        }

        @Test("canvas primitives are clipped at the edges and blend as asked")
        func canvasPrimitives() throws {
            // Given a white 100x80 canvas
            let canvas = try PixelCanvas(width: 100, height: 80, fill: .white)
            // When shapes are drawn partly or wholly outside it
            canvas.fill(x: -20, y: -20, width: 40, height: 40, colour: .black)
            canvas.shade(x: 50, y: 0, width: 200, height: 80, colour: .black, topAlpha: 0, bottomAlpha: 255)
            canvas.disc(centre: Point(x: 0, y: 79), radius: 30, colour: RGB(0, 255, 0))
            canvas.disc(centre: Point(x: -500, y: -500), radius: 3, colour: .black)
            try canvas.polyline([Point(x: -10, y: 50), Point(x: 40, y: 50)], thickness: 4, colour: RGB(255, 0, 0))
            // Then each lands where it should, and nothing else changed
            #expect(canvas.pixel(x: 0, y: 0) == .black && canvas.pixel(x: 19, y: 19) == .black)
            #expect(canvas.pixel(x: 20, y: 20) == .white)
            #expect(canvas.pixel(x: 99, y: 0) == .white && canvas.pixel(x: 99, y: 79) == .black)
            #expect(canvas.pixel(x: 75, y: 40).r > 120 && canvas.pixel(x: 75, y: 40).r < 135)
            #expect(canvas.pixel(x: 5, y: 75) == RGB(0, 255, 0))
            #expect(canvas.pixel(x: 20, y: 50) == RGB(255, 0, 0) && canvas.pixel(x: 20, y: 45) == .white)
            #expect(try Pixels(canvas.jpeg(quality: 90)).width == 100)
            // And a canvas of no size is an error, not a crash
            #expect(throws: MediaError.self) { try PixelCanvas(width: 0, height: 10, fill: .white) }
        }
    }
}

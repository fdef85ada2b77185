import CJpeg
import CVips
import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// Plain JPEGs (no colour profile, not CMYK) are decoded, resized, turned upright and encoded
    /// with libjpeg and CPixels directly; everything else goes through libvips. The two paths
    /// must give the same photo.
    @Suite("Direct JPEG path")
    struct DirectJPEGTests {
        @Test("a plain JPEG takes the direct path; one with a colour profile, or CMYK, takes libvips")
        func whoTakesTheDirectPath() throws {
            let picture = try Fixtures.image(width: 120, height: 90) { x, y in
                Fixtures.quadrantColour(x: x, y: y, width: 120, height: 90)
            }
            let probe = PhotoProbe()
            // Given a plain JPEG, a grey one, one with a Display P3 profile and a CMYK one
            let plain = try probe.inspect(Fixtures.jpeg(picture))
            let grey = try probe.inspect(Fixtures.jpeg(picture.converted(to: .greyscale)))
            let profiled = try probe.inspect(Fixtures.jpeg(picture.convertedToProfile("p3")))
            let cmyk = try probe.inspect(Fixtures.jpeg(picture.converted(to: .cmyk)))
            // Then only the plain and grey ones decode directly, and all read as JPEG of their size
            #expect(plain.decodesDirectly && grey.decodesDirectly)
            #expect(!profiled.decodesDirectly && profiled.hasColourProfile)
            #expect(!cmyk.decodesDirectly)
            for header in [plain, grey, profiled, cmyk] {
                #expect(header.format == .jpeg && header.width == 120 && header.height == 90)
            }
        }

        @Test("the direct path and libvips store the same photo, for every orientation", arguments: 1...8)
        func bothPathsAgree(orientation: Int) throws {
            // Given a noisy 1000x700 photo (shrunk on load, then resampled) tagged `orientation`
            var state: UInt32 = 7
            let stored = try Fixtures.image(width: 1000, height: 700) { x, y in
                state = state &* 1_103_515_245 &+ 12345
                let noise = Int(state >> 27)
                return Fixtures.Colour(min(255, x / 4 + noise), min(255, y / 3 + noise), (x + y) % 256)
            }
            let upload = try Fixtures.jpeg(stored.settingInteger("orientation", to: orientation), quality: 90)
            var throughLibvips = PhotoIngest(settings: { var s = IngestSettings(); s.mainLongSide = 400; return s }())
            throughLibvips.decoder.decodesPlainJPEGsWithLibjpeg = false
            let direct = PhotoIngest(settings: throughLibvips.settings)
            // When it is ingested both ways
            let a = try direct.ingest(upload)
            let b = try throughLibvips.ingest(upload)
            // Then sizes, thumbnails and pixels agree (both JPEG-encoded, so not bit for bit)
            #expect((a.width, a.height) == (b.width, b.height))
            #expect((a.thumbnailWidth, a.thumbnailHeight) == (b.thumbnailWidth, b.thumbnailHeight))
            #expect(orientation >= 5 ? (a.width, a.height) == (280, 400) : (a.width, a.height) == (400, 280))
            #expect(try Self.meanDifference(a.main, b.main) < 1.5)
            #expect(try Self.meanDifference(a.thumbnail, b.thumbnail) < 1.5)
            #expect(abs(a.greenCoverage - b.greenCoverage) < 0.01)
        }

        @Test("the green share of a plain JPEG is the same through libjpeg as through libvips")
        func greenShareAgrees() throws {
            let upload = try Fixtures.jpeg(Fixtures.image(width: 300, height: 200) { x, y in
                (x - 150) * (x - 150) + (y - 100) * (y - 100) < 80 * 80 ? .green : .soil
            })
            let coverage = GreenCoverage()
            let direct = try coverage.share(ofEncoded: upload)
            let throughLibvips = coverage.share(of: try LibvipsDecoder.decode(.bytes(upload)))
            #expect(direct == throughLibvips)
            #expect(abs(direct - Double.pi * 80 * 80 / (300 * 200)) < 0.01)
        }

        @Test("a grey JPEG is stored as a 3-band sRGB photo")
        func greyBecomesRGB() throws {
            let grey = try Fixtures.jpeg(Fixtures.solid(.soil, width: 80, height: 60).converted(to: .greyscale))
            let photo = try PhotoIngest().ingest(grey)
            var info = sg_jpeg_info()
            var error = [CChar](repeating: 0, count: 64)
            _ = photo.main.withUnsafeBytes { sg_jpeg_probe($0.baseAddress, $0.count, &info, &error, error.count) }
            #expect(info.components == 3 && info.colour == Int32(SG_JPEG_COLOUR_YCBCR))
            #expect((photo.width, photo.height) == (80, 60))
        }

        @Test("forged EXIF orientations read as upright and never crash", arguments: [
            Self.exif(entries: 1, tag: 0x0112, type: 3, value: 9),           // out of range
            Self.exif(entries: 1, tag: 0x0112, type: 3, value: 0),
            Self.exif(entries: 0xFFFF, tag: 0x0100, type: 3, value: 6),      // more entries than bytes
            Self.exif(entries: 1, tag: 0x0112, type: 3, value: 6, ifdOffset: 0xFFFF_FFF0),  // offset past the end
            Self.exif(entries: 1, tag: 0x0112, type: 3, value: 6, magic: 43),  // not TIFF
        ])
        func forgedOrientation(segment: [UInt8]) throws {
            // Given a plain JPEG with a forged APP1 Exif segment right after its SOI marker
            let plain = try Fixtures.jpeg(Fixtures.image(width: 64, height: 32) { x, _ in x < 32 ? .red : .blue })
            let forged = Data(plain.prefix(2)) + Data(segment) + Data(plain.dropFirst(2))
            // When it is probed and ingested
            let header = try PhotoProbe().inspect(forged)
            let photo = try PhotoIngest().ingest(forged)
            // Then it counts as upright, as stored
            #expect(header.orientation == 1)
            #expect((photo.width, photo.height) == (64, 32))
        }

        @Test("an EXIF orientation is read in either byte order, as a SHORT or a LONG, after other segments",
              arguments: [false, true], [UInt16(3), 4])
        func orientationEncodings(littleEndian: Bool, type: UInt16) throws {
            // Given a plain JPEG with a comment, fill bytes and then an Exif segment saying 6
            let plain = try Fixtures.jpeg(Fixtures.image(width: 64, height: 32) { x, _ in x < 32 ? .red : .blue })
            let comment: [UInt8] = [0xFF, 0xFE, 0x00, 0x05] + Array("abc".utf8) + [0xFF, 0xFF]
            let segment = Self.exif(entries: 2, tag: 0x0112, type: type, value: 6, littleEndian: littleEndian)
            let tagged = Data(plain.prefix(2)) + Data(comment) + Data(segment.dropFirst()) + Data(plain.dropFirst(2))
            // When it is probed and ingested
            let header = try PhotoProbe().inspect(tagged)
            let photo = try PhotoIngest().ingest(tagged)
            // Then it is turned upright: the sides swap
            #expect(header.orientation == 6 && header.decodesDirectly)
            #expect((photo.width, photo.height) == (32, 64))
        }

        @Test("a well-formed EXIF orientation read by the direct probe matches libvips'", arguments: 1...8)
        func orientationMatchesLibvips(orientation: Int) throws {
            let upload = try Fixtures.orientedJPEG(orientation: orientation)
            let header = try PhotoProbe().inspect(upload)
            #expect(header.decodesDirectly)
            try MediaRuntime.start()
            var raw = sg_vips_header()
            #expect(upload.withUnsafeBytes { sg_vips_probe($0.baseAddress, $0.count, nil, &raw) } == 0)
            #expect(header.orientation == Int(raw.orientation))
        }

        @Test("libjpeg decodes at every M/8 scale, rounding the size up", arguments: 1...8)
        func everyEighth(eighths: Int) throws {
            let upload = try Fixtures.noisyJPEG(width: 317, height: 203)
            let pixels = try upload.withUnsafeBytes {
                try JPEGDecoder.decode($0, eighths: eighths, crop: nil, toTheEnd: true)
            }
            #expect((pixels.width, pixels.height) == ((317 * eighths + 7) / 8, (203 * eighths + 7) / 8))
        }

        @Test("a truncated plain JPEG is refused as corrupt, not filled with grey")
        func truncated() throws {
            let whole = try Fixtures.noisyJPEG(width: 640, height: 480)
            #expect(throws: Never.self) { try PhotoIngest().ingest(whole) }
            for cut in [whole.count / 2, whole.count - 200] {
                #expect {
                    try PhotoIngest().ingest(whole.prefix(cut))
                } throws: { error in
                    (error as? MediaError)?.reason == .corrupt
                }
            }
        }

        /// Mean absolute difference (0...255) of two encoded images of the same size.
        static func meanDifference(_ a: Data, _ b: Data) throws -> Double {
            let left = try Pixels(a).bytes
            let right = try Pixels(b).bytes
            guard left.count == right.count, !left.isEmpty else { return .infinity }
            var total = 0
            for (x, y) in zip(left, right) { total += abs(Int(x) - Int(y)) }
            return Double(total) / Double(left.count)
        }

        /// An APP1 segment holding a TIFF header and one IFD with `entries` declared, the value
        /// written as a SHORT (type 3, left-justified) or a LONG (type 4).
        static func exif(entries: Int, tag: UInt16, type: UInt16, value: UInt16,
                         ifdOffset: UInt32 = 8, magic: UInt16 = 42, littleEndian: Bool = false) -> [UInt8] {
            func u16(_ v: UInt16) -> [UInt8] {
                littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)]
            }
            func u32(_ v: UInt32) -> [UInt8] {
                littleEndian ? u16(UInt16(v & 0xFFFF)) + u16(UInt16(v >> 16)) : u16(UInt16(v >> 16)) + u16(UInt16(v & 0xFFFF))
            }
            let field = type == 4 ? u32(UInt32(value)) : u16(value) + u16(0)
            let tiff: [UInt8] = Array((littleEndian ? "II" : "MM").utf8) + u16(magic) + u32(ifdOffset)
                + u16(UInt16(entries)) + u16(tag) + u16(type) + u32(1) + field + u32(0)
            let payload = Array("Exif".utf8) + [0, 0] + tiff
            return [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        }
    }
}

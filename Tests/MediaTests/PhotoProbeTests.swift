import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("Uploads that are not a usable still photo are refused with a reason")
    struct PhotoProbeTests {
        let ingest = PhotoIngest()

        private func refusal(_ data: Data) -> MediaError.Reason? {
            do {
                _ = try ingest.ingest(data)
                return nil
            } catch let error as MediaError {
                #expect(!error.description.isEmpty)
                return error.reason
            } catch {
                Issue.record("not a MediaError: \(error)")
                return nil
            }
        }

        @Test("a truncated JPEG is refused as corrupt")
        func truncatedJPEG() throws {
            let whole = try Fixtures.noisyJPEG()
            #expect(refusal(whole) == nil)
            #expect(refusal(whole.prefix(whole.count * 6 / 10)) == .corrupt)
        }

        @Test("a truncated PNG is refused as corrupt")
        func truncatedPNG() throws {
            let whole = try Fixtures.image(width: 200, height: 200) { x, y in Fixtures.Colour(x, y, (x * y) % 256) }
                .encoded(as: ".png")
            #expect(refusal(whole.prefix(whole.count / 2)) == .corrupt)
        }

        @Test("a JPEG cut inside its header is refused as corrupt")
        func brokenHeader() throws {
            #expect(refusal(try Fixtures.noisyJPEG().prefix(40)) == .corrupt)
        }

        @Test("a decompression bomb is refused from its header, fast, without decoding")
        func decompressionBomb() throws {
            // Given a tiny PNG whose header claims 50000 x 50000 pixels (7.5 GB decoded)
            let bomb = PNGBomb.make(width: 50_000, height: 50_000)
            #expect(bomb.count < 200)
            // When it is ingested, Then it is refused for its pixel count, in well under a second
            let started = ContinuousClock.now
            #expect(refusal(bomb) == .tooManyPixels)
            #expect(ContinuousClock.now - started < .milliseconds(500))
        }

        @Test("more than 40 megapixels is refused; the limit is adjustable")
        func pixelLimit() throws {
            let header = PNGBomb.make(width: 8000, height: 6000)  // 48 MP, like a 48 MP sensor's full file
            #expect(throws: MediaError.self) { try PhotoProbe().inspect(header) }
            #expect(try PhotoProbe(maxPixels: 50_000_000).inspect(header).pixelCount == 48_000_000)
        }

        @Test("animated GIF and WebP are refused as animations", arguments: [".gif", ".webp"])
        func animations(suffix: String) throws {
            // Given three 40x30 frames stacked as libvips represents animations
            let strip = try Fixtures.image(width: 40, height: 90) { _, y in y < 30 ? .red : (y < 60 ? .green : .blue) }
            let animation = try strip.settingInteger("page-height", to: 30).encoded(as: suffix)
            #expect(refusal(animation) == .animated)
        }

        @Test("a still GIF is taken")
        func stillGIF() throws {
            let gif = try Fixtures.solid(.green).encoded(as: ".gif")
            #expect(refusal(gif) == nil)
        }

        @Test("text, an empty file and random bytes are not images")
        func notImages() {
            #expect(refusal(Data("Привет, это не фото".utf8)) == .notAnImage)
            #expect(refusal(Data()) == .notAnImage)
            #expect(refusal(Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })) == .notAnImage)
        }

        @Test("SVG and PDF documents are refused")
        func documents() {
            let svg = Data(#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#.utf8)
            let pdf = Data("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            for document in [svg, pdf] {
                let reason = refusal(document)
                #expect(reason == .notAnImage || reason == .unsupportedFormat)
            }
        }

        @Test("a file over the byte limit is refused before anything else")
        func byteLimit() throws {
            let probe = PhotoProbe(maxBytes: 1000)
            #expect(throws: MediaError(.fileTooLarge, "The file has 5000 bytes, more than the 1000 allowed.")) {
                try probe.inspect(Data(count: 5000))
            }
        }

        @Test("the header is read without decoding: size, orientation, format")
        func header() throws {
            let header = try PhotoProbe().inspect(Fixtures.orientedJPEG(orientation: 6))
            #expect(header.format == .jpeg)
            #expect((header.width, header.height, header.orientation) == (96, 160, 6))
            #expect((header.uprightWidth, header.uprightHeight) == (160, 96))
        }
    }
}

/// A syntactically valid PNG whose header claims any size, with almost no pixel data.
enum PNGBomb {
    static func make(width: UInt32, height: UInt32) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var ihdr = Data()
        ihdr.append(bigEndian: width)
        ihdr.append(bigEndian: height)
        ihdr.append(contentsOf: [8, 2, 0, 0, 0])  // 8-bit RGB, deflate, no filter, no interlace
        data.append(chunk: "IHDR", ihdr)
        data.append(chunk: "IDAT", Data([0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]))
        data.append(chunk: "IEND", Data())
        return data
    }
}

private extension Data {
    mutating func append(bigEndian value: UInt32) {
        append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) })
    }

    mutating func append(chunk type: String, _ payload: Data) {
        append(bigEndian: UInt32(payload.count))
        let body = Data(type.utf8) + payload
        append(body)
        append(bigEndian: crc32(body))
    }

    func crc32(_ bytes: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

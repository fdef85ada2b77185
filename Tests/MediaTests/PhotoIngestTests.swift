import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("Photo ingest normalises what users send")
    struct PhotoIngestTests {
        let ingest = PhotoIngest()

        @Test("every EXIF orientation comes out upright", arguments: 1...8)
        func orientationIsApplied(orientation: Int) throws {
            // Given a 160x96 photo stored sideways/mirrored as a camera would, tagged `orientation`
            let upload = try Fixtures.orientedJPEG(orientation: orientation)
            // When it is ingested
            let photo = try ingest.ingest(upload)
            // Then the stored photo is upright: landscape, and each quadrant in its place
            let pixels = try Pixels(photo.main)
            #expect((pixels.width, pixels.height) == (160, 96))
            let expected: [(Int, Int, Fixtures.Colour)] = [(40, 24, .red), (120, 24, .green), (40, 72, .blue), (120, 72, .white)]
            for (x, y, colour) in expected {
                #expect(pixels.mean(x: x - 8, y: y - 8, width: 16, height: 16).distance(to: colour) < 24,
                        "orientation \(orientation): quadrant at (\(x), \(y)) should be \(colour)")
            }
        }

        @Test("stored files keep no EXIF, GPS, XMP, IPTC or ICC and are baseline 4:2:0 JPEGs")
        func metadataIsStripped() throws {
            // Given a photo carrying a colour profile and an orientation tag
            let tagged = try Fixtures.image(width: 200, height: 150) { x, y in
                Fixtures.quadrantColour(x: x, y: y, width: 200, height: 150)
            }.convertedToProfile("p3").settingInteger("orientation", to: 6)
            var upload = try Fixtures.jpeg(tagged)
            // ... and GPS, XMP and IPTC written by exiftool when it is installed
            upload = try ExifTool.addPrivateMetadata(to: upload) ?? upload
            #expect(JPEGSegments(upload).markerBytes.contains(0xE1))  // the fixture has EXIF

            // When it is ingested
            let photo = try ingest.ingest(upload)

            // Then neither file has any APPn segment but JFIF, nor the GPS/camera strings
            for stored in [photo.main, photo.thumbnail] {
                let segments = JPEGSegments(stored)
                let appSegments = segments.markerBytes.filter { (0xE1...0xEF).contains($0) }
                #expect(appSegments.isEmpty, "found APP segments \(appSegments)")
                #expect(segments.markerBytes.contains(0xC0), "baseline (SOF0)")
                #expect(!segments.markerBytes.contains(0xC2), "not progressive")
                if let sof = segments.markers.first(where: { $0.marker == 0xC0 })?.payload {
                    #expect(sof[sof.startIndex + 5] == 3, "three components")
                    #expect(sof[sof.startIndex + 7] == 0x22, "luma sampled 2x2: 4:2:0")
                }
                #expect(stored.range(of: Data("GPS".utf8)) == nil)
                #expect(stored.range(of: Data("SecretPhone".utf8)) == nil)
                #expect(stored.range(of: Data("Exif".utf8)) == nil)
            }
            if let tags = try ExifTool.tags(of: photo.main) {
                #expect(!tags.contains("GPS"))
                #expect(!tags.contains("Orientation"))
                #expect(!tags.contains("ICC"))
            }
        }

        @Test("long side is capped at 1600 px, never upscaled, with a 320 px thumbnail")
        func sizes() throws {
            let big = try ingest.ingest(Fixtures.jpeg(Fixtures.solid(.soil, width: 4000, height: 3000), quality: 70))
            #expect((big.width, big.height) == (1600, 1200))
            #expect((big.thumbnailWidth, big.thumbnailHeight) == (320, 240))
            #expect(try Pixels(big.main).width == 1600)
            #expect(try Pixels(big.thumbnail).height == 240)

            let small = try ingest.ingest(Fixtures.jpeg(Fixtures.solid(.soil, width: 300, height: 500)))
            #expect((small.width, small.height) == (300, 500))
            #expect((small.thumbnailWidth, small.thumbnailHeight) == (192, 320))
            #expect(small.key == BlobKey.of(small.main))
        }

        @Test("a CMYK JPEG keeps its colours, with or without an embedded profile",
              arguments: [false, true])
        func cmyk(stripProfile: Bool) throws {
            let original = Fixtures.Colour(200, 60, 40)
            let cmyk = try Fixtures.solid(original, width: 96, height: 64).converted(to: .cmyk)
            let upload = try cmyk.encoded(as: stripProfile ? ".jpg[Q=95,strip]" : ".jpg[Q=95]")
            #expect(try PhotoProbe().inspect(upload).format == .jpeg)
            let photo = try ingest.ingest(upload)
            let mean = try Pixels(photo.main).mean()
            #expect(mean.distance(to: original) < 28, "CMYK came back as \(mean)")
        }

        @Test("a Display P3 photo is converted to sRGB")
        func displayP3() throws {
            let original = Fixtures.Colour(200, 60, 40)
            let upload = try Fixtures.jpeg(Fixtures.solid(original).convertedToProfile("p3"))
            let mean = try Pixels(ingest.ingest(upload).main).mean()
            #expect(mean.distance(to: original) < 8, "P3 came back as \(mean)")
        }

        @Test("a 16-bit PNG keeps its colours")
        func sixteenBit() throws {
            let original = Fixtures.Colour(30, 160, 90)
            let pixel: [UInt16] = [original.r, original.g, original.b].map { UInt16($0 * 257) }
            let samples = Array([[UInt16]](repeating: pixel, count: 80 * 60).joined())
            let png = try FixtureImage.fromPixels(samples, width: 80, height: 60, bands: 3, interpretation: .rgb16)
                .encoded(as: ".png")
            let mean = try Pixels(ingest.ingest(png).main).mean()
            #expect(mean.distance(to: original) < 3, "16-bit came back as \(mean)")
        }

        @Test("a transparent PNG is flattened on white")
        func transparency() throws {
            let samples = [UInt8](repeating: 0, count: 40 * 40 * 4)
            let png = try FixtureImage.fromPixels(samples, width: 40, height: 40, bands: 4, interpretation: .srgb)
                .encoded(as: ".png")
            let mean = try Pixels(ingest.ingest(png).main).mean()
            #expect(mean.distance(to: Fixtures.Colour(255, 255, 255)) < 3)
        }

        @Test("documents in WebP, HEIC, AVIF, TIFF, PNG and MPO-like JPEG are taken",
              arguments: [(".webp[Q=90]", PhotoFormat.webp), (".heic[Q=90]", .heif),
                          (".avif[Q=90]", .heif), (".tif", .tiff), (".png", .png)])
        func formats(suffix: String, format: PhotoFormat) throws {
            let original = Fixtures.Colour(60, 170, 70)
            let upload = try Fixtures.solid(original, width: 128, height: 96).encoded(as: suffix)
            let photo = try ingest.ingest(upload)
            #expect(photo.sourceFormat == format)
            #expect((photo.width, photo.height) == (128, 96))
            #expect(try Pixels(photo.main).mean().distance(to: original) < 10)
        }

        @Test("an MPO (a JPEG followed by a second frame) is taken as its first frame")
        func mpo() throws {
            let first = try Fixtures.jpeg(Fixtures.solid(.green, width: 120, height: 80))
            let second = try Fixtures.jpeg(Fixtures.solid(.red, width: 120, height: 80))
            let photo = try ingest.ingest(first + second)
            #expect(try Pixels(photo.main).mean().distance(to: .green) < 10)
        }

        @Test("the green coverage of the stored photo is recorded")
        func greenCoverageAtIngest() throws {
            let upload = try Fixtures.image(width: 400, height: 200) { x, _ in x < 100 ? .green : .soil }.encoded(as: ".png")
            let photo = try ingest.ingest(upload)
            #expect(abs(photo.greenCoverage - 0.25) < 0.005)
        }
    }
}

/// exiftool, when installed, to add real-world private metadata and to read tags back.
enum ExifTool {
    static var path: String? {
        ["/usr/bin/exiftool", "/usr/local/bin/exiftool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The JPEG with GPS, camera, XMP and IPTC fields, or nil without exiftool.
    static func addPrivateMetadata(to jpeg: Data) throws -> Data? {
        guard path != nil else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-exif-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: file) }
        try jpeg.write(to: file)
        _ = try run(["-q", "-overwrite_original", "-Make=SecretPhone", "-GPSLatitude=55.7558", "-GPSLatitudeRef=N",
                     "-GPSLongitude=37.6173", "-GPSLongitudeRef=E", "-XMP:Creator=Secret Person",
                     "-IPTC:Keywords=secret", file.path])
        return try Data(contentsOf: file)
    }

    /// All tag names exiftool finds, or nil without exiftool.
    static func tags(of jpeg: Data) throws -> String? {
        guard path != nil else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-exif-\(UUID().uuidString).jpg")
        defer { try? FileManager.default.removeItem(at: file) }
        try jpeg.write(to: file)
        return try run(["-a", "-G1", "-s", file.path])
    }

    private static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path ?? "exiftool")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}

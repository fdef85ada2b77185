import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// The Swift progressive decoder (`ProgressiveJPEG`) against libjpeg on the same files at the
    /// same DCT scale: every sampling, jpegtran's scan scripts and restart intervals, crops,
    /// damaged files, and the files it leaves to libjpeg.
    @Suite("Progressive JPEG decoder")
    struct ProgressiveDecoderTests {
        static let samplings = ["1x1", "2x1", "2x2", "grey"]

        @Test("a progressive file decodes like libjpeg at every reduced scale, in every sampling",
              .enabled(if: JPEGTools.missing == nil), arguments: samplings, 1...7)
        func matchesLibjpeg(sampling: String, eighths: Int) throws {
            // Given a 333x251 photo-like picture (no side a multiple of an MCU) encoded progressive by
            // cjpeg (for 4:2:0 one whose patches differ in brightness, not hue: below)
            let colour = sampling == "grey" ? ["-grayscale"] : ["-sample", sampling]
            let picture = JPEGTools.picture(width: 333, height: 251, colourEdges: sampling != "2x2")
            let jpeg = try JPEGTools.cjpeg(picture, width: 333, height: 251, ["-quality", "92", "-progressive"] + colour)
            // When both decoders decode it at eighths/8
            let difference = try Self.difference(jpeg, eighths: eighths)
            // Then the pixels agree within the rounding of the IDCT (and, for subsampled chroma,
            // of upsampling chroma decoded at the reduced scale where libjpeg decodes it larger)
            #expect(difference.size == ((333 * eighths + 7) / 8, (251 * eighths + 7) / 8))
            let tolerance = Self.tolerance(sampling: sampling, eighths: eighths)
            #expect(difference.mean <= tolerance.mean, "\(difference)")
            #expect(difference.largeShare <= tolerance.largeShare, "\(difference)")
        }

        static let scripts: [(name: String, arguments: [String], scans: String?)] = [
            ("jpegtran -progressive", ["-progressive"], nil),
            ("restart every MCU row", ["-progressive", "-restart", "1"], nil),
            ("restart every 7 MCUs", ["-progressive", "-restart", "7B"], nil),
            ("successive approximation, DC apart", ["-restart", "5B"], """
            0: 0 0 0 2; 1 2: 0 0 0 1;
            0: 1 5 0 3; 0: 6 63 0 3; 0: 1 63 3 2; 0: 1 63 2 1; 0: 1 63 1 0;
            1: 1 63 0 1; 2: 1 63 0 1; 1: 1 63 1 0; 2: 1 63 1 0;
            0: 0 0 2 1; 0: 0 0 1 0; 1 2: 0 0 1 0;
            """),
            ("spectral selection only", [], """
            0 1 2: 0 0 0 0; 0: 1 2 0 0; 0: 3 9 0 0; 0: 10 63 0 0; 1: 1 63 0 0; 2: 1 63 0 0;
            """),
        ]

        @Test("jpegtran's scan scripts and restart intervals decode like libjpeg",
              .enabled(if: JPEGTools.missing == nil), arguments: 0..<scripts.count, [2, 3, 4])
        func scanScripts(script: Int, eighths: Int) throws {
            // Given a baseline 4:2:0 JPEG turned progressive by jpegtran with a scan script
            let (_, arguments, scans) = Self.scripts[script]
            let baseline = try JPEGTools.cjpeg(JPEGTools.picture(width: 301, height: 219, colourEdges: false), width: 301,
                                               height: 219, ["-quality", "90", "-sample", "2x2"])
            let jpeg = try JPEGTools.jpegtran(baseline, arguments, scans: scans)
            // When both decoders decode it, then they agree
            let difference = try Self.difference(jpeg, eighths: eighths)
            let tolerance = Self.tolerance(sampling: "2x2", eighths: eighths)
            #expect(difference.mean <= tolerance.mean, "\(Self.scripts[script].name): \(difference)")
            #expect(difference.largeShare <= tolerance.largeShare, "\(Self.scripts[script].name): \(difference)")
            // And the same coefficients in another scan order give the same pixels (within the
            // rounding of adding a coefficient's bits scan by scan)
            let plain = try Self.ours(try JPEGTools.jpegtran(baseline, ["-progressive"]), eighths: eighths)
            let reordered = try Self.ours(jpeg, eighths: eighths)
            #expect(plain.count == reordered.count)
            let differences = zip(plain, reordered).map { abs(Int($0) - Int($1)) }
            let mean = Double(differences.reduce(0, +)) / Double(max(1, differences.count))
            #expect((differences.max() ?? 255) <= 2 && mean < 0.05, "\(Self.scripts[script].name): mean \(mean)")
        }

        @Test("with hard edges of hue a 4:2:0 file's brightness matches libjpeg's; only its colour is softer",
              .enabled(if: JPEGTools.missing == nil), arguments: [2, 3, 4])
        func colourEdgesIn420(eighths: Int) throws {
            // Given 4:2:0 with hard edges of hue: libjpeg decodes its chroma at twice the reduced
            // scale (the full chroma at 1/2), this decoder at the reduced scale, then upsamples it
            let jpeg = try JPEGTools.cjpeg(JPEGTools.picture(width: 333, height: 251), width: 333, height: 251,
                                           ["-quality", "92", "-progressive", "-sample", "2x2"])
            let ours = try Self.ours(jpeg, eighths: eighths)
            let theirs = try jpeg.withUnsafeBytes { try Self.read(try JPEGRows($0, eighths: eighths, crop: nil)) }
            // Then the brightness (BT.601 luma of the RGB) agrees within rounding
            func luma(_ p: [UInt8], _ i: Int) -> Int { (77 * Int(p[i]) + 150 * Int(p[i + 1]) + 29 * Int(p[i + 2])) >> 8 }
            var total = 0
            for i in stride(from: 0, to: ours.count, by: 3) { total += abs(luma(ours, i) - luma(theirs, i)) }
            let mean = Double(total) / Double(ours.count / 3)
            #expect(mean < 1.0, "mean luma difference \(mean)")
        }

        @Test("a crop gives the same rows as the whole decoded image", .enabled(if: JPEGTools.missing == nil))
        func cropIsPartOfWhole() throws {
            let jpeg = try JPEGTools.cjpeg(JPEGTools.picture(width: 320, height: 240), width: 320, height: 240,
                                           ["-quality", "90", "-progressive", "-sample", "2x2"])
            let whole = try Self.ours(jpeg, eighths: 4)
            let crop = PixelRect(left: 31, top: 17, width: 90, height: 60)
            let part = try Self.ours(jpeg, eighths: 4, crop: crop)
            var expected: [UInt8] = []
            for row in crop.top..<(crop.top + crop.height) {
                let start = (row * 160 + crop.left) * 3
                expected += whole[start..<(start + crop.width * 3)]
            }
            #expect(part == expected)
        }

        @Test("a 4:2:0 photo at 1/2 keeps 48 bytes a block where libjpeg keeps 128", .enabled(if: JPEGTools.missing == nil))
        func keepsFewCoefficients() throws {
            let jpeg = try JPEGTools.cjpeg(JPEGTools.picture(width: 640, height: 480), width: 640, height: 480,
                                           ["-quality", "90", "-progressive", "-sample", "2x2"])
            let rows = try jpeg.withUnsafeBytes { try #require(try ProgressiveJPEG.rows($0, eighths: 4, crop: nil)) }
            let blocks = 80 * 60 + 2 * 40 * 30
            #expect(rows.coefficientBytes == blocks * (16 * 2 + 16))
            #expect(rows.coefficientBytes * 2 < blocks * 64 * 2)  // under half of libjpeg's
        }

        @Test("at 1/8 the AC scans, which that scale does not read, are passed over undecoded",
              .enabled(if: JPEGTools.missing == nil))
        func passesOverScansItDoesNotRead() throws {
            // Given a progressive file whose last scan (jpegtran's: luma AC, last bit) holds only
            // one-bits, which no Huffman table decodes (stuffed FF 00, so still no marker)
            let jpeg = try JPEGTools.jpegtran(try JPEGTools.cjpeg(JPEGTools.picture(width: 160, height: 120), width: 160,
                                                                  height: 120, ["-quality", "90"]), ["-progressive"])
            var lastScan = try #require(Self.offset(of: [0xFF, 0xDA], in: jpeg))
            while let next = Self.offset(of: [0xFF, 0xDA], in: jpeg, after: lastScan + 2) { lastScan = next }
            var bytes = [UInt8](jpeg)
            #expect(bytes[lastScan + 4] == 1 && bytes[lastScan + 8] == 63)  // one component, band ends at 63
            let data = lastScan + 2 + (Int(bytes[lastScan + 2]) << 8 | Int(bytes[lastScan + 3]))
            for at in data..<(bytes.count - 2) { bytes[at] = (at - data) % 2 == 0 ? 0xFF : 0x00 }
            let damaged = Data(bytes)
            // When it is decoded at 1/8 (the DC values alone), then its pixels are the intact file's
            #expect(try Self.ours(damaged, eighths: 1) == Self.ours(jpeg, eighths: 1))
            // and at 1/2, which reads that scan, it is refused
            #expect(Self.isCorruptRefusal { _ = try Self.ours(damaged, eighths: 4) })
        }

        @Test("files the decoder does not take are left to libjpeg", .enabled(if: JPEGTools.missing == nil))
        func leavesOthersToLibjpeg() throws {
            let picture = JPEGTools.picture(width: 96, height: 64)
            let baseline = try JPEGTools.cjpeg(picture, width: 96, height: 64, ["-quality", "90"])
            let progressive = try JPEGTools.jpegtran(baseline, ["-progressive"])
            let rgb = try JPEGTools.cjpeg(picture, width: 96, height: 64, ["-rgb", "-progressive"])
            let arithmetic = try? JPEGTools.jpegtran(baseline, ["-progressive", "-arithmetic"])
            var cases: [(name: String, jpeg: Data, eighths: Int)] = [("baseline", baseline, 4), ("full size", progressive, 8),
                                                                     ("RGB", rgb, 4)]
            if let arithmetic { cases.append(("arithmetic", arithmetic, 4)) }
            for (name, jpeg, eighths) in cases {
                let rows = try jpeg.withUnsafeBytes { try ProgressiveJPEG.rows($0, eighths: eighths, crop: nil) }
                #expect(rows == nil, "\(name)")
            }
            #expect(try progressive.withUnsafeBytes { try ProgressiveJPEG.rows($0, eighths: 4, crop: nil) } != nil)
            // and the ingest of each still works, through libjpeg
            var settings = IngestSettings()
            settings.mainLongSide = 48
            #expect(try PhotoIngest(settings: settings).ingest(rgb).width == 48)
        }

        @Test("a truncated progressive file is refused as corrupt by both decoders, wherever it is cut",
              .enabled(if: JPEGTools.missing == nil))
        func truncatedIsCorrupt() throws {
            let jpeg = try JPEGTools.jpegtran(try JPEGTools.cjpeg(JPEGTools.picture(width: 200, height: 150), width: 200,
                                                                  height: 150, ["-quality", "90"]),
                                              ["-progressive", "-restart", "3B"])
            let firstScan = try #require(Self.offset(of: [0xFF, 0xDA], in: jpeg))
            for cut in Array(stride(from: firstScan + 4, to: jpeg.count, by: max(1, (jpeg.count - firstScan) / 40))) + [jpeg.count - 2] {
                let prefix = jpeg.prefix(cut)
                #expect(Self.isCorruptRefusal { _ = try Self.ours(prefix, eighths: 4) }, "cut at \(cut) of \(jpeg.count)")
                #expect(Self.isCorruptRefusal {
                    try prefix.withUnsafeBytes { _ = try JPEGDecoder.decode($0, eighths: 4, crop: nil, toTheEnd: true) }
                }, "libjpeg, cut at \(cut)")
            }
        }

        @Test("damaged progressive files are refused as corrupt or decoded, never a crash",
              .enabled(if: JPEGTools.missing == nil))
        func damagedNeverCrash() throws {
            let jpeg = try JPEGTools.cjpeg(JPEGTools.picture(width: 120, height: 90), width: 120, height: 90,
                                           ["-quality", "85", "-progressive", "-sample", "2x1", "-restart", "2B"])
            var state: UInt64 = 99
            var refused = 0
            var leftToLibjpeg = 0
            for round in 0..<400 {
                var bytes = [UInt8](jpeg)
                for _ in 0..<(1 + round % 4) {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let at = 2 + Int(state >> 33) % (bytes.count - 2)
                    bytes[at] = round % 3 == 0 ? 0xFF : UInt8(truncatingIfNeeded: state >> 20)
                }
                do {
                    if try !ProgressiveEntryPoints.decode(Data(bytes), eighths: 1 + round % 7, maxPixels: 1_000_000) {
                        leftToLibjpeg += 1  // e.g. a frame header that no longer says 8-bit YCbCr
                    }
                } catch let error as MediaError {
                    #expect(error.reason == .corrupt, "\(error)")
                    refused += 1
                }
            }
            #expect(refused > 0 && refused + leftToLibjpeg < 400)
        }

        @Test("damaged headers and scans are refused as corrupt", .enabled(if: JPEGTools.missing == nil),
              arguments: ["over-full Huffman table", "band past 63", "low bit past 13", "unknown component",
                          "wrong restart marker"])
        func damagedHeaders(damage: String) throws {
            let jpeg = try JPEGTools.jpegtran(try JPEGTools.cjpeg(JPEGTools.picture(width: 64, height: 48), width: 64,
                                                                  height: 48, ["-quality", "90"]),
                                              ["-progressive", "-restart", "1B"])
            var bytes = [UInt8](jpeg)
            let scan = try #require(Self.offset(of: [0xFF, 0xDA], in: jpeg, after: 0))
            let acScan = try #require(Self.offset(of: [0xFF, 0xDA, 0x00, 0x08], in: jpeg, after: scan + 2))
            switch damage {
            case "over-full Huffman table":
                let table = try #require(Self.offset(of: [0xFF, 0xC4], in: jpeg))
                bytes[table + 5] = 0x02  // two codes of length 1, then more
            case "band past 63": bytes[acScan + 8] = 64
            case "low bit past 13": bytes[acScan + 9] = 0x0E
            case "unknown component": bytes[acScan + 5] = 0x77
            default:
                let restart = try #require(Self.offset(of: [0xFF, 0xD0], in: jpeg, after: scan))
                bytes[restart + 1] = 0xD3
            }
            #expect(Self.isCorruptRefusal { _ = try Self.ours(Data(bytes), eighths: 4) }, "\(damage)")
        }

        /// Two decoders of one photo give the same stored photo within what re-encoding a pixel
        /// changed by one level does (`DirectJPEGTests` holds libjpeg and libvips to the same).
        @Test("a jpegtran -progressive copy ingests to the baseline file's photo", .enabled(if: JPEGTools.missing == nil),
              arguments: samplings)
        func ingestsAsBaseline(sampling: String) throws {
            let colour = sampling == "grey" ? ["-grayscale"] : ["-sample", sampling]
            let picture = JPEGTools.picture(width: 1200, height: 900, colourEdges: sampling != "2x2")
            let baseline = try JPEGTools.cjpeg(picture, width: 1200, height: 900, ["-quality", "92"] + colour)
            let progressive = try JPEGTools.jpegtran(baseline, ["-progressive", "-copy", "all"])
            var settings = IngestSettings()
            settings.mainLongSide = 500  // decoded at 1/2, then resampled, as a 12 MP photo is
            let ingest = PhotoIngest(settings: settings)
            let fromBaseline = try ingest.ingest(baseline)
            let fromProgressive = try ingest.ingest(progressive)
            #expect((fromProgressive.width, fromProgressive.height) == (fromBaseline.width, fromBaseline.height))
            let main = try DirectJPEGTests.meanDifference(fromProgressive.main, fromBaseline.main)
            let thumbnail = try DirectJPEGTests.meanDifference(fromProgressive.thumbnail, fromBaseline.thumbnail)
            #expect(main < 1.5 && thumbnail < 1.5, "main \(main), thumbnail \(thumbnail)")
            #expect(abs(fromProgressive.greenCoverage - fromBaseline.greenCoverage) < 0.01)
        }

        // MARK: - Support

        struct Difference: CustomStringConvertible {
            let size: (Int, Int)
            let mean: Double
            let largest: Int
            /// Share of samples more than 8 apart.
            let largeShare: Double
            var description: String {
                "\(size.0)x\(size.1): mean \(String(format: "%.3f", mean)), largest \(largest), over 8: \(String(format: "%.4f", largeShare))"
            }
        }

        /// IDCT rounding only (full chroma or grey); subsampled chroma also upsampling's (4:2:2
        /// upsamples as libjpeg does; 4:2:0 chroma is decoded at the reduced scale where libjpeg
        /// decodes it at twice that, which shows only at edges of hue: `colourEdgesIn420`).
        static func tolerance(sampling: String, eighths: Int) -> (mean: Double, largeShare: Double) {
            sampling == "1x1" || sampling == "grey" ? (0.1, 0) : (1.0, 0.02)
        }

        static func difference(_ jpeg: Data, eighths: Int) throws -> Difference {
            let ours = try Self.ours(jpeg, eighths: eighths)
            let (theirs, size) = try jpeg.withUnsafeBytes { bytes in
                let rows = try JPEGRows(bytes, eighths: eighths, crop: nil)
                return (try Self.read(rows), (rows.width, rows.height))
            }
            guard ours.count == theirs.count, !ours.isEmpty else {
                return Difference(size: size, mean: .infinity, largest: 255, largeShare: 1)
            }
            var total = 0, largest = 0, large = 0
            for (a, b) in zip(ours, theirs) {
                let d = abs(Int(a) - Int(b))
                total += d
                largest = max(largest, d)
                if d > 8 { large += 1 }
            }
            return Difference(size: size, mean: Double(total) / Double(ours.count), largest: largest,
                              largeShare: Double(large) / Double(ours.count))
        }

        static func ours(_ jpeg: Data, eighths: Int, crop: PixelRect? = nil, maxPixels: Int = 40_000_000) throws -> [UInt8] {
            try jpeg.withUnsafeBytes { bytes in
                guard let rows = try ProgressiveJPEG.rows(bytes, eighths: eighths, crop: crop, maxPixels: maxPixels) else {
                    throw MediaError(.unsupportedFormat, "not taken by the progressive decoder")
                }
                return try read(rows)
            }
        }

        static func read(_ rows: any JPEGRowSource) throws -> [UInt8] {
            var pixels = [UInt8](repeating: 0, count: rows.width * rows.height * 3)
            try pixels.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                try rows.read(into: base, stride: rows.width * 3, count: rows.height)
            }
            try rows.finish()
            return pixels
        }

        static func isCorruptRefusal(_ body: () throws -> Void) -> Bool {
            do {
                try body()
                return false
            } catch {
                return (error as? MediaError)?.reason == .corrupt
            }
        }

        static func offset(of pattern: [UInt8], in data: Data, after start: Int = 0) -> Int? {
            let bytes = [UInt8](data)
            guard bytes.count >= pattern.count else { return nil }
            return (start...(bytes.count - pattern.count)).first { at in
                bytes[at..<(at + pattern.count)].elementsEqual(pattern)
            }
        }
    }
}

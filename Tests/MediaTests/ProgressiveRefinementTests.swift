import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// The AC refinement scans checked coefficient by coefficient: a file refined bit by bit and
    /// the same coefficients sent in one scan per band must leave the same stores.
    @Suite("Progressive JPEG refinement scans")
    struct ProgressiveRefinementTests {
        /// Five bits of every AC coefficient sent one at a time, bands split differently from level
        /// to level: blocks end in end-of-band runs that span blocks, symbols pass long strings of
        /// coefficients already non-zero, runs of 16 cross the band.
        static let bitByBit = """
        0 1 2: 0 0 0 3;
        0: 1 5 0 5; 0: 6 63 0 5; 1: 1 63 0 4; 2: 1 63 0 4;
        0: 1 63 5 4; 0: 1 63 4 3; 0: 1 63 3 2; 0: 1 9 2 1; 0: 10 63 2 1; 0: 1 63 1 0;
        1: 1 63 4 3; 2: 1 63 4 3; 1: 1 63 3 2; 2: 1 63 3 2; 1: 1 63 2 1; 2: 1 63 2 1; 1: 1 63 1 0; 2: 1 63 1 0;
        0 1 2: 0 0 3 2; 0 1 2: 0 0 2 1; 0 1 2: 0 0 1 0;
        """
        /// The same coefficients in one scan per band.
        static let oneScanPerBand = "0 1 2: 0 0 0 0; 0: 1 63 0 0; 1: 1 63 0 0; 2: 1 63 0 0;"

        @Test("refined bit by bit, a file keeps at every scale the coefficients of one scan per band",
              .enabled(if: JPEGTools.missing == nil), arguments: 1...7)
        func refinementKeepsTheCoefficients(eighths: Int) throws {
            // Given a noisy 4:4:4 picture at quality 100 (most coefficients non-zero, so symbols and
            // ends of band pass long strings of them), sent bit by bit with restart markers, and the
            // same coefficients in one scan per band
            let baseline = try JPEGTools.cjpeg(JPEGTools.picture(width: 203, height: 157, seed: 11), width: 203,
                                               height: 157, ["-quality", "100", "-sample", "1x1"])
            let refined = try JPEGTools.jpegtran(baseline, ["-restart", "3B"], scans: Self.bitByBit)
            let plain = try JPEGTools.jpegtran(baseline, [], scans: Self.oneScanPerBand)
            // When both are decoded at eighths/8
            let ours = try Self.stores(refined, eighths: eighths)
            let reference = try Self.stores(plain, eighths: eighths)
            // Then every block has the same coefficients non-zero and negative, and where the scale
            // folds nothing (3/8, 5/8, 6/8, 7/8: whole units, no rounding) the same values
            #expect(ours.count == 3 && reference.count == 3)
            var nonzero = 0
            for (a, b) in zip(ours, reference) {
                let blocks = a.blocksWide * a.blocksHigh
                #expect(blocks == b.blocksWide * b.blocksHigh)
                let differentMasks = (0..<blocks).filter { a.nonzero[$0] != b.nonzero[$0] || a.negative[$0] != b.negative[$0] }
                #expect(differentMasks.isEmpty, "blocks \(differentMasks.prefix(5)) of \(blocks)")
                nonzero += (0..<blocks).reduce(0) { $0 + a.nonzero[$1].nonzeroBitCount }
                guard 8 % eighths != 0 else { continue }
                let count = blocks * a.side * a.side
                let differentValues = (0..<count).filter { a.values[$0] != b.values[$0] }
                #expect(differentValues.isEmpty, "values \(differentValues.prefix(5)) of \(count)")
            }
            // (at 1/8 the AC scans are passed over; otherwise most blocks have many coefficients)
            #expect(eighths == 1 ? nonzero == 0 : nonzero > 20 * 26 * 20 * 3)
        }

        static func stores(_ jpeg: Data, eighths: Int) throws -> [CoefficientStore] {
            try jpeg.withUnsafeBytes { bytes in
                try #require(try ProgressiveJPEG.rows(bytes, eighths: eighths, crop: nil)).coefficientStores
            }
        }
    }
}

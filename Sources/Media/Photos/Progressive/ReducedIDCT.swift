import Foundation

/// The inverse DCT of the side x side values a `CoefficientStore` keeps per block, as floats
/// (two passes of side x side multiply-adds on vectors of 4 lanes up to 4/8, of 8 above),
/// written as 8-bit samples.
final class ReducedIDCT {
    let side: Int
    /// For each horizontal frequency: its basis over the block's columns (8 floats each).
    private let across: UnsafeMutablePointer<Float>
    /// `[frequency * side + row]`: the vertical basis, with the values' 3 fraction bits removed.
    private let down: UnsafeMutablePointer<Float>
    /// One vector of 8 floats per vertical frequency.
    private let partial: UnsafeMutableRawPointer

    init(side: Int) {
        self.side = side
        across = .allocate(capacity: side * 8)
        down = .allocate(capacity: side * side)
        partial = .allocate(byteCount: side * 32, alignment: 32)
        across.initialize(repeating: 0, count: side * 8)
        partial.initializeMemory(as: Float.self, repeating: 0, count: side * 8)
        func basis(_ frequency: Int, _ at: Int) -> Float {
            let scale = frequency == 0 ? 1 / 2.0.squareRoot() : 1
            return Float(scale / 2 * cos(Double((2 * at + 1) * frequency) * .pi / Double(2 * side)))
        }
        for frequency in 0..<side {
            for column in 0..<side { across[frequency * 8 + column] = basis(frequency, column) }
            for row in 0..<side { (down + frequency * side + row).initialize(to: basis(frequency, row) / 8) }
        }
    }

    deinit {
        across.deallocate()
        down.deallocate()
        partial.deallocate()
    }

    /// The samples of block row `row` of `store`, `side` lines of `lineBytes` from `output`.
    func blockRow(_ store: CoefficientStore, _ row: Int, into output: UnsafeMutablePointer<UInt8>, lineBytes: Int) {
        if side <= 4 {
            blockRow(store, row, into: output, lineBytes: lineBytes, lanes: SIMD4<Float>.self)
        } else {
            blockRow(store, row, into: output, lineBytes: lineBytes, lanes: SIMD8<Float>.self)
        }
    }

    @inline(__always)
    private func blockRow<Lanes: SIMD>(_ store: CoefficientStore, _ row: Int, into output: UnsafeMutablePointer<UInt8>,
                                       lineBytes: Int, lanes: Lanes.Type) where Lanes.Scalar == Float {
        let area = side * side
        let basis = UnsafeRawPointer(across)
        for column in 0..<store.blocksWide {
            let values = store.values + (row * store.blocksWide + column) * area
            for frequency in 0..<side {
                var sum = Lanes()
                for across in 0..<side {
                    sum += Float(values[frequency &* side &+ across]) * basis.load(fromByteOffset: across &* 32, as: Lanes.self)
                }
                partial.storeBytes(of: sum, toByteOffset: frequency &* 32, as: Lanes.self)
            }
            for line in 0..<side {
                var sum = Lanes(repeating: 128.5)
                for frequency in 0..<side {
                    sum += down[frequency &* side &+ line] * partial.load(fromByteOffset: frequency &* 32, as: Lanes.self)
                }
                // Clamped as integers: SIMD clamps on floats are calls here.
                let target = output + (line &* lineBytes &+ column &* side)
                for x in 0..<side { target[x] = UInt8(clamping: Int32(sum[x])) }
            }
        }
    }
}

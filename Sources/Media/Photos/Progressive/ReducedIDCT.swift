import Foundation

/// The inverse DCT of the side x side values a `CoefficientStore` keeps per block, as floats
/// (two passes of side x side multiply-adds on 8-lane vectors), written as 8-bit samples.
final class ReducedIDCT {
    let side: Int
    /// For each horizontal frequency: its basis over the block's columns.
    private let across: UnsafeMutablePointer<SIMD8<Float>>
    /// `[frequency * side + row]`: the vertical basis, with the values' 3 fraction bits removed.
    private let down: UnsafeMutablePointer<Float>
    private let partial: UnsafeMutablePointer<SIMD8<Float>>

    init(side: Int) {
        self.side = side
        across = .allocate(capacity: side)
        down = .allocate(capacity: side * side)
        partial = .allocate(capacity: side)
        partial.initialize(repeating: .zero, count: side)
        func basis(_ frequency: Int, _ at: Int) -> Float {
            let scale = frequency == 0 ? 1 / 2.0.squareRoot() : 1
            return Float(scale / 2 * cos(Double((2 * at + 1) * frequency) * .pi / Double(2 * side)))
        }
        for frequency in 0..<side {
            var lanes = SIMD8<Float>.zero
            for column in 0..<side { lanes[column] = basis(frequency, column) }
            (across + frequency).initialize(to: lanes)
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
        let area = side * side
        for column in 0..<store.blocksWide {
            let values = store.values + (row * store.blocksWide + column) * area
            for frequency in 0..<side {
                var sum = SIMD8<Float>.zero
                for across in 0..<side {
                    sum += Float(values[frequency &* side &+ across]) * self.across[across]
                }
                partial[frequency] = sum
            }
            for line in 0..<side {
                var sum = SIMD8<Float>(repeating: 128.5)
                for frequency in 0..<side { sum += down[frequency &* side &+ line] * partial[frequency] }
                // Clamped as integers: SIMD clamps on floats are calls here.
                let target = output + (line &* lineBytes &+ column &* side)
                for x in 0..<side { target[x] = UInt8(clamping: Int32(sum[x])) }
            }
        }
    }
}

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
    private func blockRow<Lanes: IDCTLanes>(_ store: CoefficientStore, _ row: Int, into output: UnsafeMutablePointer<UInt8>,
                                            lineBytes: Int, lanes: Lanes.Type) {
        let area = side * side
        let basis = UnsafeRawPointer(across)
        for column in 0..<store.blocksWide {
            let values = store.values + (row * store.blocksWide + column) * area
            for frequency in 0..<side {
                var sum = Lanes()
                let line = Lanes.floats(values + frequency &* side, count: side)
                for across in 0..<side {
                    sum += Lanes(repeating: line[across]) * basis.load(fromByteOffset: across &* 32, as: Lanes.self)
                }
                partial.storeBytes(of: sum, toByteOffset: frequency &* 32, as: Lanes.self)
            }
            for line in 0..<side {
                var sum = Lanes(repeating: 128.5)
                for frequency in 0..<side {
                    sum += down[frequency &* side &+ line] * partial.load(fromByteOffset: frequency &* 32, as: Lanes.self)
                }
                sum.storeSamples(output + (line &* lineBytes &+ column &* side), count: side)
            }
        }
    }
}

/// The vectors the IDCT computes on, with the two conversions it needs done on whole vectors:
/// Swift's checked `Int32(Float)` per lane (a test and a trap each) was most of its time.
protocol IDCTLanes: SIMD where Scalar == Float {
    /// `count` (1 ... lanes) Int16 values from `values` as floats, the other lanes 0.
    static func floats(_ values: UnsafePointer<Int16>, count: Int) -> Self
    /// The lanes below `count` truncated to integers (as `Int32(x)` truncates) and clamped to
    /// 0 ... 255, stored as bytes from `target`. Lanes hold at most a few million.
    func storeSamples(_ target: UnsafeMutablePointer<UInt8>, count: Int)
}

/// 2^23 + 2^22: a float of magnitude below 2^22 added to it keeps its integer part, rounded to
/// nearest (ties to even), in the low bits of its bit pattern.
private let integerMagic: Float = 12_582_912

extension SIMD4: IDCTLanes where Scalar == Float {
    @inline(__always)
    static func floats(_ values: UnsafePointer<Int16>, count: Int) -> Self {
        if count == 4 {
            let wide = SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(values).loadUnaligned(as: SIMD4<Int16>.self))
            return Self(Float(wide[0]), Float(wide[1]), Float(wide[2]), Float(wide[3]))
        }
        var lanes = Self()
        for index in 0..<count { lanes[index] = Float(values[index]) }
        return lanes
    }

    @inline(__always)
    func storeSamples(_ target: UnsafeMutablePointer<UInt8>, count: Int) {
        let bytes = SIMD4<UInt8>(truncatingIfNeeded: Self.samples(self))
        if count == 4 {
            UnsafeMutableRawPointer(target).storeBytes(of: bytes, as: SIMD4<UInt8>.self)
        } else {
            for index in 0..<count { target[index] = bytes[index] }
        }
    }

    /// Each lane's floor (its truncation for x >= 0; below 0 both clamp to 0) clamped to 0 ... 255,
    /// by shifts and masks only: lane comparisons become a loop over the lanes for 8 lanes.
    @inline(__always)
    static func samples(_ sums: Self) -> SIMD4<Int32> {
        let shifted = sums + integerMagic  // rounded to nearest
        let nearest = unsafeBitCast(shifted, to: SIMD4<Int32>.self) &- Int32(bitPattern: integerMagic.bitPattern)
        let above = unsafeBitCast(sums - (shifted - integerMagic), to: SIMD4<Int32>.self)  // negative where rounded up
        let whole = nearest &+ (above &>> 31)
        let low = whole & ~(whole &>> 31)
        let over = 255 &- low
        return low &+ (over & (over &>> 31))
    }
}

extension SIMD8: IDCTLanes where Scalar == Float {
    @inline(__always)
    static func floats(_ values: UnsafePointer<Int16>, count: Int) -> Self {
        var lanes = Self()
        for index in 0..<count { lanes[index] = Float(values[index]) }
        return lanes
    }

    @inline(__always)
    func storeSamples(_ target: UnsafeMutablePointer<UInt8>, count: Int) {
        let bytes = SIMD8<UInt8>(truncatingIfNeeded: Self.samples(self))
        for index in 0..<count { target[index] = bytes[index] }
    }

    /// Each lane's floor (its truncation for x >= 0; below 0 both clamp to 0) clamped to 0 ... 255,
    /// by shifts and masks only: lane comparisons become a loop over the lanes for 8 lanes.
    @inline(__always)
    static func samples(_ sums: Self) -> SIMD8<Int32> {
        let shifted = sums + integerMagic  // rounded to nearest
        let nearest = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- Int32(bitPattern: integerMagic.bitPattern)
        let above = unsafeBitCast(sums - (shifted - integerMagic), to: SIMD8<Int32>.self)  // negative where rounded up
        let whole = nearest &+ (above &>> 31)
        let low = whole & ~(whole &>> 31)
        let over = 255 &- low
        return low &+ (over & (over &>> 31))
    }
}

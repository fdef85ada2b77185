import Foundation

/// A decoded progressive JPEG's rows at a reduced scale, made as they are asked for: each
/// block row is inverse-transformed when first needed (a ring of three per component), chroma
/// is upsampled as libjpeg's "fancy" upsampling does (triangle filter; box at 1/8), and YCbCr
/// becomes RGB through libjpeg's own fixed-point tables.
final class ProgressiveJPEGRows: JPEGRowSource {
    let width: Int
    let height: Int
    private let frame: JPEGFrame
    private let eighths: Int
    private let crop: PixelRect
    private let planes: [ComponentPlane]
    /// One upsampled chroma line per chroma component.
    private let upsampled: [UnsafeMutablePointer<UInt8>]
    private let colours = YCbCrTables()
    private var next = 0

    init(frame: JPEGFrame, stores: [CoefficientStore], eighths: Int, crop: PixelRect?) throws {
        let whole = PixelRect(left: 0, top: 0, width: (frame.width * eighths + 7) / 8, height: (frame.height * eighths + 7) / 8)
        let crop = crop ?? whole
        guard crop.left >= 0, crop.top >= 0, crop.width > 0, crop.height > 0, crop.left + crop.width <= whole.width,
              crop.top + crop.height <= whole.height else {
            throw ProgressiveJPEG.corrupt("the crop is outside the decoded image")
        }
        self.frame = frame
        self.eighths = eighths
        self.crop = crop
        width = crop.width
        height = crop.height
        let idct = ReducedIDCT(side: eighths)
        planes = stores.indices.map { ComponentPlane(stores[$0], idct: idct, samples: frame.scaledSamples($0, eighths: eighths)) }
        upsampled = planes.dropFirst().map { UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * $0.samples.wide + 2) }
    }

    deinit {
        upsampled.forEach { $0.deallocate() }
    }

    func read(into pixels: UnsafeMutablePointer<UInt8>, stride: Int, count: Int) throws {
        guard count >= 0, next + count <= height else { throw ProgressiveJPEG.corrupt("read past the last row") }
        for index in 0..<count {
            convert(row: crop.top + next, into: pixels + index * stride)
            next += 1
        }
    }

    /// What the coefficient stores hold (the decode's largest part).
    var coefficientBytes: Int {
        planes.reduce(0) { $0 + $1.store.blocksWide * $1.store.blocksHigh * ($1.store.side * $1.store.side * 2 + 16) }
    }

    /// The coefficients kept, by component.
    var coefficientStores: [CoefficientStore] { planes.map(\.store) }

    /// Every scan was decoded before the first row.
    func finish() throws {}

    private func convert(row: Int, into output: UnsafeMutablePointer<UInt8>) {
        let luma = planes[0].line(row) + crop.left
        guard planes.count == 3 else {
            for x in 0..<width {
                output[3 * x] = luma[x]
                output[3 * x + 1] = luma[x]
                output[3 * x + 2] = luma[x]
            }
            return
        }
        let blue = chroma(1, row: row) + crop.left
        let red = chroma(2, row: row) + crop.left
        colours.convert(luma: luma, blue: blue, red: red, into: output, count: width)
    }

    /// Chroma line `row` at the output's resolution.
    private func chroma(_ component: Int, row: Int) -> UnsafePointer<UInt8> {
        let plane = planes[component]
        let wide = frame.maxHorizontal / frame.components[component].horizontal
        let high = frame.maxVertical / frame.components[component].vertical
        if wide == 1 && high == 1 { return plane.line(row) }
        let output = upsampled[component - 1]
        let count = plane.samples.wide
        if eighths == 1 {  // libjpeg upsamples by repeating at 1/8
            let source = plane.line(row / high)
            for x in 0..<count {
                output[2 * x] = source[x]
                output[2 * x + 1] = source[x]
            }
            return UnsafePointer(output)
        }
        if high == 1 {
            let source = plane.line(row)
            for x in 0..<count {
                let here = 3 * Int(source[x])
                let left = Int(source[max(x - 1, 0)])
                let right = Int(source[min(x + 1, count - 1)])
                output[2 * x] = UInt8((here + left + 1) >> 2)
                output[2 * x + 1] = UInt8((here + right + 2) >> 2)
            }
            return UnsafePointer(output)
        }
        let centre = row / 2
        let neighbour = row % 2 == 0 ? max(centre - 1, 0) : min(centre + 1, plane.samples.high - 1)
        let near = plane.line(centre)
        let far = plane.line(neighbour)
        Self.upsampleTwoByTwo(near: near, far: far, count: count, into: output)
        return UnsafePointer(output)
    }

    /// libjpeg's "fancy" 2x2 upsampling (h2v2_fancy_upsample) of one output line: `count` chroma
    /// samples of the nearer line and of the farther one become 2 x count samples.
    static func upsampleTwoByTwo(near: UnsafePointer<UInt8>, far: UnsafePointer<UInt8>, count: Int,
                                 into output: UnsafeMutablePointer<UInt8>) {
        func column(_ x: Int) -> Int { 3 * Int(near[x]) + Int(far[x]) }
        func pair(_ x: Int) {
            let here = column(x)
            let previous = x > 0 ? column(x - 1) : here
            let following = x + 1 < count ? column(x + 1) : here
            output[2 * x] = UInt8((3 * here + previous + 8) >> 4)
            output[2 * x + 1] = UInt8((3 * here + following + 7) >> 4)
        }
        // Eight columns at a time where both neighbours are inside the line (the same sums on
        // 16-bit lanes: at most 16 x 255), the first and the last few one by one.
        @inline(__always) func columns(_ x: Int) -> SIMD8<Int16> {
            let n = SIMD8<Int16>(truncatingIfNeeded: UnsafeRawPointer(near + x).loadUnaligned(as: SIMD8<UInt8>.self))
            let f = SIMD8<Int16>(truncatingIfNeeded: UnsafeRawPointer(far + x).loadUnaligned(as: SIMD8<UInt8>.self))
            return n &* 3 &+ f
        }
        if count > 0 { pair(0) }
        var x = 1
        while x &+ 9 <= count {
            let here = columns(x) &* 3
            let even = SIMD8<UInt8>(truncatingIfNeeded: (here &+ columns(x &- 1) &+ 8) &>> 4)
            let odd = SIMD8<UInt8>(truncatingIfNeeded: (here &+ columns(x &+ 1) &+ 7) &>> 4)
            let pairs = SIMD16<UInt8>(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3],
                                      even[4], odd[4], even[5], odd[5], even[6], odd[6], even[7], odd[7])
            UnsafeMutableRawPointer(output + 2 &* x).storeBytes(of: pairs, as: SIMD16<UInt8>.self)
            x &+= 8
        }
        while x < count {
            pair(x)
            x += 1
        }
    }
}

/// One component's samples at the reduced scale, a ring of three block rows at a time.
private final class ComponentPlane {
    let store: CoefficientStore
    let idct: ReducedIDCT
    /// The samples that belong to the image (libjpeg's downsampled size).
    let samples: (wide: Int, high: Int)
    private let lineBytes: Int
    private let ring: UnsafeMutablePointer<UInt8>
    private var loaded = [-1, -1, -1]

    init(_ store: CoefficientStore, idct: ReducedIDCT, samples: (wide: Int, high: Int)) {
        self.store = store
        self.idct = idct
        self.samples = samples
        lineBytes = store.blocksWide * store.side
        ring = .allocate(capacity: 3 * store.side * lineBytes)
    }

    deinit {
        ring.deallocate()
    }

    /// Sample line `y` (0 ..< samples.high); valid until a line three block rows away is asked for.
    func line(_ y: Int) -> UnsafePointer<UInt8> {
        let row = y / store.side
        let slot = row % 3
        let start = ring + slot * store.side * lineBytes
        if loaded[slot] != row {
            idct.blockRow(store, row, into: start, lineBytes: lineBytes)
            loaded[slot] = row
        }
        return UnsafePointer(start + (y % store.side) * lineBytes)
    }
}

/// libjpeg's YCbCr to RGB conversion (jdcolor.c): the same tables, so the same pixels.
private final class YCbCrTables {
    private let redFromRed: UnsafeMutablePointer<Int32>
    private let blueFromBlue: UnsafeMutablePointer<Int32>
    private let greenFromRed: UnsafeMutablePointer<Int32>
    private let greenFromBlue: UnsafeMutablePointer<Int32>

    init() {
        func fixed(_ x: Double) -> Int { Int(x * 65536 + 0.5) }
        redFromRed = .allocate(capacity: 256)
        blueFromBlue = .allocate(capacity: 256)
        greenFromRed = .allocate(capacity: 256)
        greenFromBlue = .allocate(capacity: 256)
        for index in 0..<256 {
            let x = index - 128
            redFromRed[index] = Int32((fixed(1.40200) * x + 32768) >> 16)
            blueFromBlue[index] = Int32((fixed(1.77200) * x + 32768) >> 16)
            greenFromRed[index] = Int32(-fixed(0.71414) * x)
            greenFromBlue[index] = Int32(-fixed(0.34414) * x + 32768)
        }
    }

    deinit {
        redFromRed.deallocate()
        blueFromBlue.deallocate()
        greenFromRed.deallocate()
        greenFromBlue.deallocate()
    }

    func convert(luma: UnsafePointer<UInt8>, blue: UnsafePointer<UInt8>, red: UnsafePointer<UInt8>,
                 into output: UnsafeMutablePointer<UInt8>, count: Int) {
        @inline(__always) func clamp(_ value: Int32) -> UInt8 { UInt8(min(max(value, 0), 255)) }
        for x in 0..<count {
            let y = Int32(luma[x])
            let cb = Int(blue[x])
            let cr = Int(red[x])
            output[3 * x] = clamp(y + redFromRed[cr])
            output[3 * x + 1] = clamp(y + ((greenFromBlue[cb] + greenFromRed[cr]) >> 16))
            output[3 * x + 2] = clamp(y + blueFromBlue[cb])
        }
    }
}

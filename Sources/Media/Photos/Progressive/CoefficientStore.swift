import Foundation

/// What a reduced-size decode keeps of one component's DCT coefficients: per block, the
/// side x side values its IDCT reads (dequantized, 3 fraction bits) and two bit masks by zigzag
/// position (which coefficients are non-zero so far, which negative) that the refinement scans
/// need for the coefficients not kept. A 4000x3000 4:2:0 photo at 1/2 takes 13.5 MB here where
/// libjpeg keeps all 64 coefficients of every block (36 MB).
final class CoefficientStore {
    let blocksWide: Int
    let blocksHigh: Int
    let side: Int
    let values: UnsafeMutablePointer<Int16>
    let nonzero: UnsafeMutablePointer<UInt64>
    let negative: UnsafeMutablePointer<UInt64>
    /// By zigzag position: the value a coefficient is added to and what one unit of it adds
    /// (dequantization times fold weight, 16 fraction bits over the 3; 0 for one not read).
    let slots: UnsafeMutablePointer<Int>
    let factors: UnsafeMutablePointer<Int>
    private let mappedBytes: Int
    /// libjpeg takes a component's quantization table when its first scan starts.
    private(set) var hasQuantTable = false

    init(blocksWide: Int, blocksHigh: Int, side: Int) throws {
        let blocks = blocksWide * blocksHigh
        let valueBytes = (blocks * side * side * 2 + 7) & ~7
        // One zeroed mapping with its pages mapped at once (MAP_POPULATE): the scans touch every
        // page anyway, and one call costs less than a page fault each (≈ 5 ms a 12 MP photo).
        mappedBytes = max(valueBytes + blocks * 16, 1)
        let mapping = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)
        guard let mapping, mapping != MAP_FAILED else {
            throw MediaError(.processing, "There is not enough memory for the photo's coefficients.")
        }
        self.blocksWide = blocksWide
        self.blocksHigh = blocksHigh
        self.side = side
        values = mapping.assumingMemoryBound(to: Int16.self)
        nonzero = (mapping + valueBytes).assumingMemoryBound(to: UInt64.self)
        negative = nonzero + blocks
        slots = .allocate(capacity: 64)
        factors = .allocate(capacity: 64)
        slots.initialize(repeating: 0, count: 64)
        factors.initialize(repeating: 0, count: 64)
    }

    deinit {
        munmap(values, mappedBytes)
        slots.deallocate()
        factors.deallocate()
    }

    /// Takes the quantization table (natural order) the component's values are scaled by.
    func latch(quantization: [Int]) {
        let fold = ReducedFold.table(side: side)
        for zigzag in 0..<64 {
            let natural = JPEGZigzag.natural[zigzag]
            guard let target = fold[natural] else { continue }
            slots[zigzag] = target.slot
            factors[zigzag] = Int((Double(quantization[natural]) * target.weight * 8 * 65536).rounded())
        }
        hasQuantTable = true
    }

    /// Whether the reduced IDCT reads any coefficient in `band` (zigzag positions).
    func reads(_ band: ClosedRange<Int>) -> Bool {
        band.contains { factors[$0] != 0 }
    }
}

/// Where each of a block's 64 coefficients goes in a side x side reduced IDCT, as libjpeg
/// computes one: at 1/2, 1/4 and 1/8 (jidctred) each output is the average of 2, 4 or 8
/// full-size ones, which folds every frequency onto one of the side lowest with a weight; at
/// 3/8, 5/8, 6/8 and 7/8 (jidctint) only the side x side lowest are read.
enum ReducedFold {
    /// By natural index (row * 8 + column): the slot (row * side + column) and weight.
    static func table(side: Int) -> [(slot: Int, weight: Double)?] {
        let line = oneDimension(side: side)
        return (0..<64).map { natural in
            guard let across = line[natural % 8], let down = line[natural / 8] else { return nil }
            return (down.slot * side + across.slot, down.weight * across.weight)
        }
    }

    private static func oneDimension(side: Int) -> [(slot: Int, weight: Double)?] {
        guard 8 % side == 0 else { return (0..<8).map { $0 < side ? ($0, 1) : nil } }
        let run = 8 / side
        let scale = { (u: Int) in u == 0 ? 1 / 2.0.squareRoot() : 1 }
        return (0..<8).map { u in
            let averaged = (0..<side).map { k in
                (0..<run).reduce(0.0) { sum, j in
                    sum + cos(Double(2 * (run * k + j) + 1) * Double(u) * .pi / 16)
                } / Double(run)
            }
            for slot in 0..<side {
                let basis = (0..<side).map { cos(Double(2 * $0 + 1) * Double(slot) * .pi / Double(2 * side)) }
                let weight = zip(averaged, basis).reduce(0) { $0 + $1.0 * $1.1 } / basis.reduce(0) { $0 + $1 * $1 }
                let residual = zip(averaged, basis).reduce(0) { $0 + abs($1.0 - weight * $1.1) }
                if abs(weight) > 1e-9 && residual < 1e-9 { return (slot, weight * scale(u) / scale(slot)) }
            }
            return nil
        }
    }
}

enum JPEGZigzag {
    /// The natural index (row * 8 + column) of each zigzag position.
    static let natural: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63,
    ]
}

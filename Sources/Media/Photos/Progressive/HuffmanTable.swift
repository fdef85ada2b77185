import Foundation

/// A JPEG Huffman table (DHT) ready for decoding: a 9-bit lookup for the short codes, the
/// canonical-code limits for the longer ones, and a 10-bit lookup for AC refinement scans that
/// takes a new coefficient's sign bit with its code (one step fewer in the scan's serial chain).
final class HuffmanTable {
    private let storage: UnsafeMutableRawPointer
    let view: HuffmanView

    /// `counts[l - 1]` codes of length l (1...16), `symbols` in code order; nil when the
    /// lengths do not make a prefix code or the counts do not match the symbols.
    init?(counts: [Int], symbols: [UInt8]) {
        guard counts.count == 16, counts.allSatisfy({ $0 >= 0 }), counts.reduce(0, +) == symbols.count,
              symbols.count <= 256, Self.makesPrefixCode(counts) else { return nil }
        // lookup 512 x UInt16, maxCode 18 x Int32, valueOffset 18 x Int32, values 256 x UInt8,
        // refinement 1024 x UInt16
        storage = UnsafeMutableRawPointer.allocate(byteCount: 1024 + 72 + 72 + 256 + 2048, alignment: 8)
        let lookup = storage.bindMemory(to: UInt16.self, capacity: 512)
        let maxCode = (storage + 1024).bindMemory(to: Int32.self, capacity: 18)
        let valueOffset = (storage + 1096).bindMemory(to: Int32.self, capacity: 18)
        let values = (storage + 1168).bindMemory(to: UInt8.self, capacity: 256)
        lookup.initialize(repeating: 0, count: 512)
        maxCode.initialize(repeating: -1, count: 18)
        valueOffset.initialize(repeating: 0, count: 18)
        values.initialize(repeating: 0, count: 256)
        let refinement = (storage + 1424).bindMemory(to: UInt16.self, capacity: 1024)
        refinement.initialize(repeating: 0, count: 1024)
        view = HuffmanView(lookup: lookup, maxCode: maxCode, valueOffset: valueOffset, values: values,
                           refinement: refinement)
        var code = 0
        var index = 0
        for length in 1...16 {
            let count = counts[length - 1]
            if count > 0 {
                valueOffset[length] = Int32(index - code)
                for _ in 0..<count {
                    let symbol = symbols[index]
                    values[index] = symbol
                    if length <= 9 {
                        let first = code << (9 - length)
                        for entry in first..<(first + (1 << (9 - length))) {
                            lookup[entry] = UInt16(length << 8) | UInt16(symbol)
                        }
                    }
                    Self.addRefinement(code: code, length: length, symbol: symbol, to: refinement)
                    code += 1
                    index += 1
                }
                maxCode[length] = Int32(code - 1)
            }
            code <<= 1
        }
    }

    /// The refinement lookup's entries for one code: `RefinementSymbol`'s layout, the sign bit
    /// taken with the code when both fit in 10 bits (a code that does not fit has no entry).
    private static func addRefinement(code: Int, length: Int, symbol: UInt8, to refinement: UnsafeMutablePointer<UInt16>) {
        let isNew = symbol & 15 != 0
        let taken = length + (isNew ? 1 : 0)
        guard taken <= 10 else { return }
        for sign in 0..<(isNew ? 2 : 1) {
            let prefix = isNew ? code << 1 | sign : code
            let first = prefix << (10 - taken)
            var entry = taken << 8 | Int(symbol >> 4)
            if isNew { entry |= RefinementSymbol.new | (sign == 0 ? RefinementSymbol.negative : 0) }
            for index in first..<(first + (1 << (10 - taken))) { refinement[index] = UInt16(entry) }
        }
    }

    /// libjpeg's check: no length holds more codes than it allows, and no code is all ones.
    private static func makesPrefixCode(_ counts: [Int]) -> Bool {
        var code = 0
        for length in 1...16 {
            code += counts[length - 1]
            guard code < (1 << length) else { return false }
            code <<= 1
        }
        return true
    }

    deinit {
        storage.deallocate()
    }
}

/// The pointers the entropy decoder reads a `HuffmanTable` through (valid while it lives).
struct HuffmanView {
    let lookup: UnsafePointer<UInt16>
    let maxCode: UnsafePointer<Int32>
    let valueOffset: UnsafePointer<Int32>
    let values: UnsafePointer<UInt8>
    /// By the next 10 bits: an AC refinement symbol with its sign bit (`RefinementSymbol`), 0 when
    /// they do not fit.
    let refinement: UnsafePointer<UInt16>

    init(lookup: UnsafeMutablePointer<UInt16>, maxCode: UnsafeMutablePointer<Int32>,
         valueOffset: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<UInt8>,
         refinement: UnsafeMutablePointer<UInt16>) {
        self.lookup = UnsafePointer(lookup)
        self.maxCode = UnsafePointer(maxCode)
        self.valueOffset = UnsafePointer(valueOffset)
        self.values = UnsafePointer(values)
        self.refinement = UnsafePointer(refinement)
    }
}

/// An AC refinement symbol as one number: the run in bits 0-3, whether it makes a coefficient
/// non-zero (bit 4) and that one's sign (bit 5, set for negative), the bits taken in bits 8-12.
enum RefinementSymbol {
    static let new = 0x10
    static let negative = 0x20
}

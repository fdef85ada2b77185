/// The entropy-coded bits of one JPEG scan, read most significant first through a 64-bit buffer.
/// Stuffed bytes (FF 00) are unstuffed; at a marker the reader feeds zero bits, as libjpeg does
/// for a segment that ends early; at the end of the data it feeds zeros too and notes it, since
/// a file whose data stops inside a scan is truncated.
struct EntropyReader {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    /// The next byte not yet in the buffer.
    private(set) var position: Int
    /// Valid bits, left-aligned.
    private var bits: UInt64 = 0
    private var count = 0
    /// A marker or the end was reached: only zeros are fed from here on.
    private var stopped = false
    /// The data ended with no marker after the scan.
    private(set) var ranOut = false

    init(_ base: UnsafePointer<UInt8>, count: Int, at position: Int) {
        self.base = base
        end = count
        self.position = position
    }

    @inline(__always)
    mutating func ensure(_ needed: Int) {
        if count < needed { refill() }
    }

    // The reader lives in registers in the scan loops: nothing out of line takes its address
    // (the slow paths take and give back copies).
    @inline(__always)
    private mutating func refill() {
        if !stopped && position &+ 8 <= end {
            // Eight bytes at once when none of them is FF (no stuffing, no marker).
            let word = UInt64(bigEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            let inverted = ~word
            if (inverted &- 0x0101_0101_0101_0101) & ~inverted & 0x8080_8080_8080_8080 == 0 {
                let taken = (64 &- count) & ~7  // whole bytes that fit
                bits |= (word & ~(UInt64.max >> UInt64(taken))) &>> UInt64(count)
                count &+= taken
                position &+= taken &>> 3
                return
            }
        }
        self = Self.refilledByteByByte(self)
    }

    @inline(never)
    private static func refilledByteByByte(_ reader: EntropyReader) -> EntropyReader {
        var reader = reader
        while reader.count <= 56 {
            var byte: UInt64 = 0
            if !reader.stopped {
                let (base, position, end) = (reader.base, reader.position, reader.end)
                if position >= end {
                    reader.stopped = true
                    reader.ranOut = true
                } else if base[position] != 0xFF {
                    byte = UInt64(base[position])
                    reader.position &+= 1
                } else if position &+ 1 < end && base[position &+ 1] == 0 {
                    byte = 0xFF
                    reader.position &+= 2
                } else {
                    reader.stopped = true  // a marker: the scan's data is over
                    reader.ranOut = position &+ 1 >= end
                }
            }
            reader.bits |= byte &<< UInt64(56 &- reader.count)
            reader.count &+= 8
        }
        return reader
    }

    /// The top 9 bits, for a Huffman lookup (after `ensure(16)`).
    @inline(__always)
    var peek9: Int { Int(truncatingIfNeeded: bits &>> 55) }

    /// The top 10 bits, for the refinement lookup (after `ensure(16)`).
    @inline(__always)
    var peek10: Int { Int(truncatingIfNeeded: bits &>> 54) }

    /// The top `length` bits (1...16) without consuming them (after `ensure(16)`).
    @inline(__always)
    func peek(_ length: Int) -> Int { Int(truncatingIfNeeded: bits &>> UInt64(64 &- length)) }

    @inline(__always)
    mutating func skip(_ length: Int) {
        bits = bits &<< UInt64(length)
        count &-= length
    }

    /// `length` (1...16) bits as an unsigned number.
    @inline(__always)
    mutating func bits(_ length: Int) -> Int {
        ensure(length)
        let value = Int(truncatingIfNeeded: bits &>> UInt64(64 &- length))
        skip(length)
        return value
    }

    /// The next bit as 0 or 1.
    @inline(__always)
    mutating func bitValue() -> Int {
        ensure(1)
        let value = Int(truncatingIfNeeded: bits &>> 63)
        skip(1)
        return value
    }

    /// The next bit as 0 or 1 when `present`, else 0 and nothing read (without a branch).
    @inline(__always)
    mutating func bitValue(if present: Bool) -> Int {
        ensure(1)
        let taken = present ? 1 : 0
        let value = Int(truncatingIfNeeded: bits &>> 63) & taken
        skip(taken)
        return value
    }

    /// `length` (0...63) bits as an unsigned number, the first one highest.
    @inline(__always)
    mutating func bitString(_ length: Int) -> UInt64 {
        guard length <= count else {
            let (reader, value) = Self.bitStringInPieces(self, length)
            self = reader
            return value
        }
        let value = (bits &>> 1) &>> UInt64(63 &- length)
        skip(length)
        return value
    }

    @inline(never)
    private static func bitStringInPieces(_ reader: EntropyReader, _ length: Int) -> (EntropyReader, UInt64) {
        var reader = reader
        var value: UInt64 = 0
        var left = length
        while left > 0 {
            let piece = min(left, 16)
            value = value &<< UInt64(piece) | UInt64(reader.bits(piece))
            left -= piece
        }
        return (reader, value)
    }

    /// An AC refinement symbol of `table` with its sign bit (`RefinementSymbol`), or -1 for a
    /// code the table does not have.
    @inline(__always)
    mutating func refinementSymbol(_ table: HuffmanView) -> Int {
        ensure(32)
        let entry = Int(table.refinement[peek10])
        guard entry != 0 else {
            let (reader, entry) = Self.longRefinementSymbol(self, table)
            self = reader
            return entry
        }
        skip(entry &>> 8)
        return entry & 0xFF
    }

    @inline(never)
    private static func longRefinementSymbol(_ reader: EntropyReader, _ table: HuffmanView) -> (EntropyReader, Int) {
        var reader = reader
        let symbol = reader.symbol(table)
        guard symbol >= 0 else { return (reader, -1) }
        guard symbol & 15 != 0 else { return (reader, symbol >> 4) }
        let negative = reader.bitValue() == 0 ? RefinementSymbol.negative : 0
        return (reader, symbol >> 4 | RefinementSymbol.new | negative)
    }

    /// A Huffman symbol of `table`, or -1 for a code the table does not have.
    @inline(__always)
    mutating func symbol(_ table: HuffmanView) -> Int {
        ensure(16)
        var entry = Int(table.lookup[peek9])
        if entry == 0 { entry = longSymbol(table) }
        skip(entry &>> 8)
        return entry == 0 ? -1 : entry & 0xFF
    }

    /// A code longer than 9 bits, as (length << 8 | symbol); 0 for a code `table` lacks.
    @inline(never)
    private func longSymbol(_ table: HuffmanView) -> Int {
        for length in 10...16 {
            let code = peek(length)
            if code <= Int(table.maxCode[length]) {
                return length << 8 | Int(table.values[(Int(table.valueOffset[length]) &+ code) & 0xFF])
            }
        }
        return 0
    }

    /// `length` bits as a signed DCT value (JPEG's "extend"); 0 for length 0.
    @inline(__always)
    mutating func signed(_ length: Int) -> Int {
        guard length > 0 else { return 0 }
        let raw = bits(length)
        return raw < 1 &<< (length &- 1) ? raw &- (1 &<< length) &+ 1 : raw
    }

    /// Drops the buffered bits and reads restart marker `index` (0...7); false when the next
    /// marker is another one.
    @inline(__always)
    mutating func restart(_ index: Int) -> Bool {
        guard let next = Self.afterRestart(self, index) else { return false }
        self = next
        return true
    }

    @inline(never)
    private static func afterRestart(_ reader: EntropyReader, _ index: Int) -> EntropyReader? {
        var markers = MarkerReader(reader.base, count: reader.end, at: reader.position)
        guard let marker = markers.nextMarker(), marker == 0xD0 &+ UInt8(index) else { return nil }
        var next = EntropyReader(reader.base, count: reader.end, at: markers.position)
        next.ranOut = reader.ranOut
        return next
    }
}

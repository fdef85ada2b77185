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

    private mutating func refill() {
        while count <= 56 {
            var byte: UInt64 = 0
            if !stopped {
                if position >= end {
                    stopped = true
                    ranOut = true
                } else if base[position] != 0xFF {
                    byte = UInt64(base[position])
                    position &+= 1
                } else if position &+ 1 < end && base[position &+ 1] == 0 {
                    byte = 0xFF
                    position &+= 2
                } else {
                    stopped = true  // a marker: the scan's data is over
                    ranOut = position &+ 1 >= end
                }
            }
            bits |= byte &<< UInt64(56 &- count)
            count &+= 8
        }
    }

    /// The top 9 bits, for a Huffman lookup (after `ensure(16)`).
    @inline(__always)
    var peek9: Int { Int(truncatingIfNeeded: bits &>> 55) }

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

    /// The next `length` (1...32) bits, left-aligned (the bits after them are not zeroed).
    @inline(__always)
    mutating func take(_ length: Int) -> UInt64 {
        ensure(length)
        let taken = bits
        skip(length)
        return taken
    }

    @inline(__always)
    mutating func bit() -> Bool {
        ensure(1)
        let set = bits & (1 &<< 63) != 0
        skip(1)
        return set
    }

    /// A Huffman symbol of `table`, or -1 for a code the table does not have.
    @inline(__always)
    mutating func symbol(_ table: HuffmanView) -> Int {
        ensure(16)
        let entry = Int(table.lookup[peek9])
        if entry != 0 {
            skip(entry &>> 8)
            return entry & 0xFF
        }
        return longSymbol(table)
    }

    private mutating func longSymbol(_ table: HuffmanView) -> Int {
        for length in 10...16 {
            let code = peek(length)
            if code <= Int(table.maxCode[length]) {
                skip(length)
                return Int(table.values[(Int(table.valueOffset[length]) &+ code) & 0xFF])
            }
        }
        return -1
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
    mutating func restart(_ index: Int) -> Bool {
        bits = 0
        count = 0
        stopped = false
        var markers = MarkerReader(base, count: end, at: position)
        guard let marker = markers.nextMarker(), marker == 0xD0 &+ UInt8(index) else { return false }
        position = markers.position
        return true
    }
}

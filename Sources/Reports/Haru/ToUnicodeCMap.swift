/// The ToUnicode CMap of a font set with libharu's UTF-8 encoder.
///
/// That encoder writes each character as its two-byte UTF-16 code unit (Identity-H, so the
/// code is also the CID), which makes the mapping back to Unicode the identity over the BMP.
/// libharu 2.3.0 writes its code-to-CID CMap in the ToUnicode slot instead, whose
/// `begincidrange` PDF readers refuse there (poppler warns on every diary); this one uses
/// `beginbfrange`, as ToUnicode CMaps must.
enum ToUnicodeCMap {
    /// The CMap program: one range per high byte, no surrogates, at most 100 ranges per block.
    static let identityBMP: String = {
        let ranges = (0x00...0xFF).filter { !(0xD8...0xDF).contains($0) }.map { high in
            let start = hex(high << 8)
            return "<\(start)> <\(hex(high << 8 | 0xFF))> <\(start)>"
        }
        var blocks = ""
        for first in stride(from: 0, to: ranges.count, by: 100) {
            let block = ranges[first..<min(first + 100, ranges.count)]
            blocks += "\(block.count) beginbfrange\n" + block.joined(separator: "\n") + "\nendbfrange\n"
        }
        return """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """ + blocks + """
            endcmap
            CMapName currentdict /CMap defineresource pop
            end
            end

            """
    }()

    private static func hex(_ value: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

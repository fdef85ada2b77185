import Foundation

/// The parts of a TrueType font the diary needs before libharu sees it: which characters have a
/// glyph, how wide they are, and which glyphs are built from other glyphs.
///
/// libharu 2.3.0 reads only the Windows Unicode BMP `cmap` (platform 3, encoding 1, format 4) and
/// addresses glyphs with 16-bit code points, so this type does the same: a character outside that
/// table is "missing" even if another subtable would map it.
public struct TrueTypeFont: Sendable {
    /// Glyph id per BMP scalar value, 0 (`.notdef`) when the font has none: a flat table, since
    /// every character of every text is looked up here.
    private let glyphByScalar: [UInt16]
    /// Advance widths in 1/1000 em, truncated the way libharu truncates them.
    private let advanceByGlyph: [UInt16]
    /// Component glyph ids of each composite glyph.
    private let componentsByGlyph: [UInt16: [UInt16]]
    /// One scalar per glyph that has any, to reach a glyph through the text API.
    private let scalarByGlyph: [UInt16: UInt32]
    /// Ascender and descender in 1/1000 em (hhea), for vertical placement.
    public let ascender: Double
    public let descender: Double

    /// Parses a font file; throws `ReportsError` when the file is not a usable TrueType font.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw ReportsError.fontUnreadable(url.lastPathComponent, reason: "the file cannot be read")
        }
        do { try self.init(data: data) } catch {
            throw ReportsError.fontUnreadable(url.lastPathComponent, reason: error.reason)
        }
    }

    init(data: Data) throws(FontFormatFailure) {
        let reader = ByteReader(Array(data))
        let tables = try Self.tableDirectory(reader)
        func table(_ tag: String) throws(FontFormatFailure) -> Int {
            guard let offset = tables[tag] else { throw FontFormatFailure("the '\(tag)' table is missing") }
            return offset
        }
        let head = try table("head"), hhea = try table("hhea"), maxp = try table("maxp")
        let unitsPerEm = Int(try reader.u16(head + 18))
        guard unitsPerEm > 0 else { throw FontFormatFailure("unitsPerEm is zero") }
        let longLoca = try reader.i16(head + 50) != 0
        let glyphCount = Int(try reader.u16(maxp + 4))
        let metricCount = Int(try reader.u16(hhea + 34))
        ascender = Double(try reader.i16(hhea + 4)) * 1000 / Double(unitsPerEm)
        descender = Double(try reader.i16(hhea + 6)) * 1000 / Double(unitsPerEm)

        advanceByGlyph = try Self.advances(reader, hmtx: try table("hmtx"), metricCount: metricCount,
                                           glyphCount: glyphCount, unitsPerEm: unitsPerEm)
        glyphByScalar = try Self.unicodeBMPMap(reader, cmap: try table("cmap"), glyphCount: glyphCount)
        componentsByGlyph = try Self.composites(reader, loca: try table("loca"), glyf: try table("glyf"),
                                                longLoca: longLoca, glyphCount: glyphCount)
        var scalars: [UInt16: UInt32] = [:]
        for (scalar, glyph) in glyphByScalar.enumerated() where glyph != 0 && scalars[glyph] == nil {
            scalars[glyph] = UInt32(scalar)  // the lowest scalar of a shared glyph
        }
        scalarByGlyph = scalars
    }

    /// Whether libharu can draw this character with this font.
    public func hasGlyph(_ scalar: Unicode.Scalar) -> Bool {
        glyph(scalar) != 0
    }

    private func glyph(_ scalar: Unicode.Scalar) -> UInt16 {
        scalar.value < 0x10000 ? glyphByScalar[Int(scalar.value)] : 0
    }

    /// The advance of one character in 1/1000 em (the `.notdef` advance when missing).
    public func advance(_ scalar: Unicode.Scalar) -> Int {
        Int(advanceByGlyph[Int(glyph(scalar))])
    }

    /// The width of a string at a font size, in points, as libharu measures it (no kerning).
    public func width(of text: String, size: Double) -> Double {
        var units = 0
        for scalar in text.unicodeScalars { units += advance(scalar) }
        return Double(units) * size / 1000
    }

    /// The characters to measure, in an order that makes libharu 2.3.0 embed every glyph they need.
    ///
    /// libharu marks a glyph as used the first time it is measured and then adds the *direct*
    /// components of a composite glyph, but a glyph marked as a component never gets its own
    /// components added. In DejaVu, Ё is built from Е, which is built from Latin E: measuring Ё
    /// before Е embeds Е without its outline, so Ё loses its body and Е vanishes. Measuring every
    /// component before the glyph that uses it (post-order) avoids this.
    public func primingOrder(for scalars: some Sequence<Unicode.Scalar>) -> [Unicode.Scalar] {
        var visited = Set<UInt16>()
        var order: [Unicode.Scalar] = []
        func visit(_ glyph: UInt16) {
            guard visited.insert(glyph).inserted else { return }
            for component in componentsByGlyph[glyph] ?? [] { visit(component) }
            if let value = scalarByGlyph[glyph], let scalar = Unicode.Scalar(value) { order.append(scalar) }
        }
        for scalar in scalars where hasGlyph(scalar) {
            visit(glyph(scalar))
        }
        return order
    }

    /// Nested components that cannot be reached through any character, so libharu may drop them.
    /// Empty for the characters the diary prints with DejaVu; kept as a check for other fonts.
    public func unreachableNestedComponents(for scalars: some Sequence<Unicode.Scalar>) -> Set<UInt16> {
        var result = Set<UInt16>()
        for scalar in scalars where hasGlyph(scalar) {
            for component in componentsByGlyph[glyph(scalar)] ?? [] where componentsByGlyph[component] != nil {
                for nested in componentsByGlyph[component] ?? [] where scalarByGlyph[nested] == nil {
                    result.insert(nested)
                }
            }
        }
        return result
    }
}

// MARK: - Table parsing

/// Why font bytes could not be parsed; becomes `ReportsError.fontUnreadable`.
struct FontFormatFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

extension TrueTypeFont {
    private static func tableDirectory(_ reader: ByteReader) throws(FontFormatFailure) -> [String: Int] {
        let version = try reader.u32(0)
        guard version == 0x0001_0000 || version == 0x7472_7565 else {
            throw FontFormatFailure("it is not a TrueType font")
        }
        var tables: [String: Int] = [:]
        for index in 0..<Int(try reader.u16(4)) {
            let record = 12 + index * 16
            let tag = String(decoding: try reader.bytes(record, count: 4), as: UTF8.self)
            tables[tag] = Int(try reader.u32(record + 8))
        }
        return tables
    }

    private static func advances(_ reader: ByteReader, hmtx: Int, metricCount: Int, glyphCount: Int,
                                 unitsPerEm: Int) throws(FontFormatFailure) -> [UInt16] {
        guard metricCount > 0, glyphCount > 0 else { throw FontFormatFailure("it has no glyph metrics") }
        var result: [UInt16] = []
        result.reserveCapacity(glyphCount)
        var last = 0
        for glyph in 0..<glyphCount {
            if glyph < metricCount { last = Int(try reader.u16(hmtx + glyph * 4)) }
            result.append(UInt16(truncatingIfNeeded: last * 1000 / unitsPerEm))
        }
        return result
    }

    private static func unicodeBMPMap(_ reader: ByteReader, cmap: Int,
                                      glyphCount: Int) throws(FontFormatFailure) -> [UInt16] {
        var subtable: Int?
        for index in 0..<Int(try reader.u16(cmap + 2)) {
            let record = cmap + 4 + index * 8
            let platform = try reader.u16(record), encoding = try reader.u16(record + 2)
            let offset = cmap + Int(try reader.u32(record + 4))
            if platform == 3, encoding == 1, try reader.u16(offset) == 4 { subtable = offset; break }
        }
        guard let base = subtable else { throw FontFormatFailure("it has no Unicode BMP character map") }
        let segments = Int(try reader.u16(base + 6)) / 2
        let ends = base + 14, starts = ends + segments * 2 + 2
        let deltas = starts + segments * 2, rangeOffsets = deltas + segments * 2
        var map = [UInt16](repeating: 0, count: 0x10000)
        for segment in 0..<segments {
            let end = Int(try reader.u16(ends + segment * 2)), start = Int(try reader.u16(starts + segment * 2))
            let delta = Int(try reader.i16(deltas + segment * 2))
            let rangeOffsetAt = rangeOffsets + segment * 2
            let rangeOffset = Int(try reader.u16(rangeOffsetAt))
            guard start <= end, start != 0xFFFF else { continue }
            for code in start...end {
                var glyph: Int
                if rangeOffset == 0 {
                    glyph = (code + delta) & 0xFFFF
                } else {
                    glyph = Int(try reader.u16(rangeOffsetAt + rangeOffset + (code - start) * 2))
                    if glyph != 0 { glyph = (glyph + delta) & 0xFFFF }
                }
                if glyph != 0, glyph < glyphCount { map[code] = UInt16(glyph) }
            }
        }
        return map
    }

    private static func composites(_ reader: ByteReader, loca: Int, glyf: Int, longLoca: Bool,
                                   glyphCount: Int) throws(FontFormatFailure) -> [UInt16: [UInt16]] {
        var result: [UInt16: [UInt16]] = [:]
        for glyph in 0..<glyphCount {
            let start = longLoca ? Int(try reader.u32(loca + glyph * 4)) : Int(try reader.u16(loca + glyph * 2)) * 2
            let end = longLoca ? Int(try reader.u32(loca + glyph * 4 + 4)) : Int(try reader.u16(loca + glyph * 2 + 2)) * 2
            guard end > start, try reader.i16(glyf + start) < 0 else { continue }
            result[UInt16(glyph)] = try componentGlyphs(reader, at: glyf + start + 10)
        }
        return result
    }

    /// Walks a composite glyph description (flags + glyph index + arguments + optional transform).
    private static func componentGlyphs(_ reader: ByteReader, at offset: Int) throws(FontFormatFailure) -> [UInt16] {
        let argsAreWords: UInt16 = 0x0001, hasScale: UInt16 = 0x0008, moreComponents: UInt16 = 0x0020
        let hasXYScale: UInt16 = 0x0040, hasTwoByTwo: UInt16 = 0x0080
        var components: [UInt16] = []
        var position = offset
        while true {
            let flags = try reader.u16(position)
            components.append(try reader.u16(position + 2))
            position += 4 + (flags & argsAreWords != 0 ? 4 : 2)
            if flags & hasScale != 0 { position += 2 } else if flags & hasXYScale != 0 { position += 4 } else if flags & hasTwoByTwo != 0 { position += 8 }
            if flags & moreComponents == 0 || components.count > 64 { return components }
        }
    }
}

/// Big-endian reads with bounds checks, so a truncated font is an error and never a crash.
struct ByteReader {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func bytes(_ offset: Int, count: Int) throws(FontFormatFailure) -> ArraySlice<UInt8> {
        guard offset >= 0, count >= 0, offset + count <= bytes.count else {
            throw FontFormatFailure("it is truncated")
        }
        return bytes[offset..<offset + count]
    }

    func u16(_ offset: Int) throws(FontFormatFailure) -> UInt16 {
        let b = try bytes(offset, count: 2)
        return UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1])
    }

    func i16(_ offset: Int) throws(FontFormatFailure) -> Int16 { Int16(bitPattern: try u16(offset)) }

    func u32(_ offset: Int) throws(FontFormatFailure) -> UInt32 {
        UInt32(try u16(offset)) << 16 | UInt32(try u16(offset + 2))
    }
}

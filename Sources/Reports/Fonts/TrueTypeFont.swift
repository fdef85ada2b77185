public import Foundation

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

    /// Reads a font file with FreeType; throws `ReportsError` when it is not a usable TrueType font.
    public init(contentsOf url: URL) throws {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ReportsError.fontUnreadable(url.lastPathComponent, reason: "the file cannot be read")
        }
        let facts: FontFacts
        do { facts = try FontFacts.read(path: url.path) } catch {
            throw ReportsError.fontUnreadable(url.lastPathComponent, reason: error.reason)
        }
        (glyphByScalar, advanceByGlyph, componentsByGlyph) = (facts.glyphByScalar, facts.advanceByGlyph, facts.componentsByGlyph)
        (ascender, descender) = (facts.ascender, facts.descender)
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

/// Why a font could not be read; becomes `ReportsError.fontUnreadable`.
struct FontFormatFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

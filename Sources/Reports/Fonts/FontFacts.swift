import CFreeType
import Foundation

/// What the diary needs to know of a TrueType font, read by FreeType (the same library that draws
/// the photo captions): the Windows Unicode BMP character map, advances and composite glyphs.
struct FontFacts {
    var glyphByScalar: [UInt16]
    var advanceByGlyph: [UInt16]
    var componentsByGlyph: [UInt16: [UInt16]]
    var ascender: Double
    var descender: Double

    // FreeType's load flags are `1L << n` macros, which Swift does not import.
    private static let noScale = Int32(1 << 0)     // FT_LOAD_NO_SCALE: font units
    private static let noRecurse = Int32(1 << 10)  // FT_LOAD_NO_RECURSE: a composite's components, not its outline
    private static let sfntFlag = FT_Long(1 << 3)  // FT_FACE_FLAG_SFNT

    static func read(path: String) throws(FontFormatFailure) -> FontFacts {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else { throw FontFormatFailure("FreeType could not start") }
        defer { FT_Done_FreeType(library) }
        var opened: FT_Face?
        guard FT_New_Face(library, path, 0, &opened) == 0, let face = opened else {
            throw FontFormatFailure("it is not a font FreeType can read (truncated or another format)")
        }
        defer { FT_Done_Face(face) }
        var glyfLength: FT_ULong = 0
        guard face.pointee.face_flags & sfntFlag != 0,
              FT_Load_Sfnt_Table(face, tag("glyf"), 0, nil, &glyfLength) == 0 else {
            throw FontFormatFailure("it is not a TrueType font")
        }
        let unitsPerEm = Int(face.pointee.units_per_EM)
        let glyphCount = Int(face.pointee.num_glyphs)
        guard unitsPerEm > 0 else { throw FontFormatFailure("unitsPerEm is zero") }
        guard glyphCount > 0, glyphCount <= 0x10000 else { throw FontFormatFailure("it has no glyph metrics") }
        return FontFacts(
            glyphByScalar: try unicodeBMPMap(face, glyphCount: glyphCount),
            advanceByGlyph: try advances(face, glyphCount: glyphCount, unitsPerEm: unitsPerEm),
            componentsByGlyph: composites(face, glyphCount: glyphCount),
            ascender: Double(face.pointee.ascender) * 1000 / Double(unitsPerEm),
            descender: Double(face.pointee.descender) * 1000 / Double(unitsPerEm))
    }

    private static func tag(_ name: StaticString) -> FT_ULong {
        name.withUTF8Buffer { $0.reduce(FT_ULong(0)) { $0 << 8 | FT_ULong($1) } }
    }

    /// libharu 2.3.0 reads only the (3, 1) format 4 subtable: a character outside it is missing
    /// for libharu even when another subtable maps it, so it is missing here too.
    private static func unicodeBMPMap(_ face: FT_Face, glyphCount: Int) throws(FontFormatFailure) -> [UInt16] {
        let charmaps = UnsafeBufferPointer(start: face.pointee.charmaps, count: Int(face.pointee.num_charmaps))
        guard let windowsBMP = charmaps.first(where: { charmap in
            guard let charmap else { return false }
            return charmap.pointee.platform_id == 3 && charmap.pointee.encoding_id == 1 && FT_Get_CMap_Format(charmap) == 4
        }), FT_Set_Charmap(face, windowsBMP) == 0 else {
            throw FontFormatFailure("it has no Unicode BMP character map")
        }
        var map = [UInt16](repeating: 0, count: 0x10000)
        var glyph: FT_UInt = 0
        var code = FT_Get_First_Char(face, &glyph)
        while glyph != 0 {
            if code < 0x10000, Int(glyph) < glyphCount { map[Int(code)] = UInt16(glyph) }
            code = FT_Get_Next_Char(face, code, &glyph)
        }
        return map
    }

    /// Advances in 1/1000 em, truncated as libharu truncates them.
    private static func advances(_ face: FT_Face, glyphCount: Int, unitsPerEm: Int) throws(FontFormatFailure) -> [UInt16] {
        var units = [FT_Fixed](repeating: 0, count: glyphCount)
        guard FT_Get_Advances(face, 0, FT_UInt(glyphCount), noScale, &units) == 0 else {
            throw FontFormatFailure("it has no glyph metrics")
        }
        return units.map { UInt16(truncatingIfNeeded: Int($0) * 1000 / unitsPerEm) }
    }

    /// The direct components of each composite glyph (a glyph that fails to load has none).
    private static func composites(_ face: FT_Face, glyphCount: Int) -> [UInt16: [UInt16]] {
        var result: [UInt16: [UInt16]] = [:]
        for glyph in 0..<glyphCount {
            guard FT_Load_Glyph(face, FT_UInt(glyph), noScale | noRecurse) == 0, let slot = face.pointee.glyph,
                  slot.pointee.format == FT_GLYPH_FORMAT_COMPOSITE else { continue }
            var components: [UInt16] = []
            for index in 0..<min(FT_UInt(slot.pointee.num_subglyphs), 65) {
                var component: FT_Int = 0, flags: FT_UInt = 0, first: FT_Int = 0, second: FT_Int = 0
                var transform = FT_Matrix()
                guard FT_Get_SubGlyph_Info(slot, index, &component, &flags, &first, &second, &transform) == 0 else { break }
                components.append(UInt16(truncatingIfNeeded: component))
            }
            result[UInt16(glyph)] = components
        }
        return result
    }
}

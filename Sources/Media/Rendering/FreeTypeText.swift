import CFreeType
import Foundation

/// Captions drawn with FreeType: glyphs loaded and rasterised by FreeType, laid out here (kerning,
/// wrapping at spaces, lines centred on the widest, cropped to the ink). Pango costs ~80 M
/// instructions on its first call in a process and ~8 M per caption; this well under 1 M.
enum FreeTypeText {
    /// FreeType's library and faces are not thread-safe: one lock guards them and rendering.
    private static let state = NSLock()
    nonisolated(unsafe) private static var library: FT_Library?
    nonisolated(unsafe) private static var libraryTried = false
    nonisolated(unsafe) private static var faces: [String: FT_Face] = [:]

    private static let loadFlags = Int32(FT_LOAD_DEFAULT) | Int32(FT_RENDER_MODE_LIGHT.rawValue & 15) << 16
    private static let renderFlag = Int32(1 << 2)  // FT_LOAD_RENDER

    /// One glyph placed on its line; `pen` in 26.6 fixed point from the line's start.
    private struct Placed {
        let glyph: FT_UInt
        var pen: FT_Pos
        var line: Int
    }

    /// The mask of `text` in the font file at `pixelSize` px, lines wrapped at spaces within
    /// `maxWidth` (> 0); nil when FreeType cannot draw it (a glyph the font lacks, a word wider
    /// than the line, nothing visible, an unreadable font): Pango's fallback can.
    static func mask(_ text: String, fontFile: String, pixelSize: Int, maxWidth: Int) -> CoverageMask? {
        state.lock()
        defer { state.unlock() }
        guard (1...1000).contains(pixelSize), let face = face(fontFile),
              FT_Set_Pixel_Sizes(face, 0, FT_UInt(pixelSize)) == 0,
              let (placed, lineWidths) = layout(text, face: face, limit: FT_Pos(maxWidth) * 64) else { return nil }
        return raster(placed, lineWidths: lineWidths, face: face, margin: pixelSize)
    }

    private static func face(_ path: String) -> FT_Face? {
        if !libraryTried {
            libraryTried = true
            var made: FT_Library?
            if FT_Init_FreeType(&made) == 0 { library = made }
        }
        guard let library else { return nil }
        if let cached = faces[path] { return cached }
        var face: FT_Face?
        guard FT_New_Face(library, path, 0, &face) == 0, let face else { return nil }
        faces[path] = face
        return face
    }

    /// Glyphs with their pens and lines, and each line's width; nil when FreeType cannot draw it.
    private static func layout(_ text: String, face: FT_Face, limit: FT_Pos) -> ([Placed], [FT_Pos])? {
        var placed: [Placed] = []
        var lineWidths: [FT_Pos] = []
        var pen: FT_Pos = 0, previous: FT_UInt = 0
        var breakAt: Int?, penAfterBreak: FT_Pos = 0  // the last space on this line
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lineWidths.append(pen)
                (pen, previous, breakAt) = (0, 0, nil)
                continue
            }
            let glyph = FT_Get_Char_Index(face, FT_ULong(scalar.value))
            guard glyph != 0, FT_Load_Glyph(face, glyph, loadFlags) == 0 else { return nil }
            var kern = FT_Vector()
            if previous != 0, FT_Get_Kerning(face, previous, glyph, FT_KERNING_DEFAULT.rawValue, &kern) == 0 {
                pen += kern.x
            }
            placed.append(Placed(glyph: glyph, pen: pen, line: lineWidths.count))
            pen += face.pointee.glyph.pointee.advance.x
            previous = glyph
            if scalar == " " { (breakAt, penAfterBreak) = (placed.count - 1, pen) }
            guard limit > 0, pen > limit, scalar != " " else { continue }
            guard let space = breakAt else { return nil }  // one word wider than the line
            // The glyphs after the last space move to a new line.
            lineWidths.append(placed[space].pen)
            for index in (space + 1)..<placed.count {
                placed[index].pen -= penAfterBreak
                placed[index].line = lineWidths.count
            }
            pen -= penAfterBreak
            breakAt = nil
        }
        lineWidths.append(pen)
        return placed.isEmpty ? nil : (placed, lineWidths)
    }

    /// Rasterises into a box with `margin` around (glyphs overhang their advances), lines centred
    /// on the widest (as Pango centres them), then crops to the ink.
    private static func raster(_ placed: [Placed], lineWidths: [FT_Pos], face: FT_Face, margin: Int) -> CoverageMask? {
        let widest = lineWidths.max() ?? 0
        let metrics = face.pointee.size.pointee.metrics
        let lineHeight = Int((metrics.height + 63) >> 6), ascender = Int((metrics.ascender + 63) >> 6)
        let boxWidth = Int((widest + 63) >> 6) + 2 * margin
        let boxHeight = lineWidths.count * lineHeight + 2 * margin
        var box = [UInt8](repeating: 0, count: boxWidth * boxHeight)
        var ink = (left: boxWidth, top: boxHeight, right: 0, bottom: 0)
        for glyph in placed {
            guard FT_Load_Glyph(face, glyph.glyph, loadFlags | renderFlag) == 0 else { continue }
            let slot = face.pointee.glyph.pointee
            let bitmap = slot.bitmap
            guard bitmap.pixel_mode == UInt8(FT_PIXEL_MODE_GRAY.rawValue), bitmap.width > 0, bitmap.rows > 0,
                  let buffer = bitmap.buffer else { continue }
            let centring = (widest - lineWidths[glyph.line]) / 2
            let x = margin + Int((glyph.pen + centring + 32) >> 6) + Int(slot.bitmap_left)
            let y = margin + glyph.line * lineHeight + ascender - Int(slot.bitmap_top)
            for row in 0..<Int(bitmap.rows) {
                let ty = y + row
                guard (0..<boxHeight).contains(ty) else { continue }
                let source = buffer + row * Int(bitmap.pitch)
                for column in 0..<Int(bitmap.width) {
                    let tx = x + column, value = source[column]
                    guard (0..<boxWidth).contains(tx), value != 0 else { continue }
                    box[ty * boxWidth + tx] = max(box[ty * boxWidth + tx], value)
                    ink = (min(ink.left, tx), min(ink.top, ty), max(ink.right, tx + 1), max(ink.bottom, ty + 1))
                }
            }
        }
        if ink.right <= ink.left || ink.bottom <= ink.top { ink = (0, 0, 1, 1) }  // only spaces
        let width = ink.right - ink.left, height = ink.bottom - ink.top
        guard let mask = malloc(width * height)?.assumingMemoryBound(to: UInt8.self) else { return nil }
        box.withUnsafeBufferPointer { box in
            for row in 0..<height {
                (mask + row * width).update(from: box.baseAddress! + (ink.top + row) * boxWidth + ink.left, count: width)
            }
        }
        return CoverageMask(width: width, height: height, owning: mask)
    }
}

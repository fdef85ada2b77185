import CVips
import Foundation

/// A one-band 8-bit coverage mask of a caption (0 = no ink, 255 = full ink), in a buffer this
/// object owns.
///
/// `@unchecked Sendable` is safe because the buffer is written only while the mask is made
/// and only read afterwards.
final class CoverageMask: @unchecked Sendable {
    let width: Int
    let height: Int
    /// `width` bytes per line, lines one after another.
    let bytes: UnsafeMutablePointer<UInt8>

    /// Takes over `bytes`, a `malloc`'d buffer of `width * height` bytes.
    init(width: Int, height: Int, owning bytes: UnsafeMutablePointer<UInt8>) {
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    deinit {
        free(bytes)
    }

    /// `text` (plain text, not markup) in `font` at `pixelSize` px, cropped to its ink, lines
    /// centred; `maxWidth` > 0 wraps at spaces. FreeType draws it (`FreeTypeText`, no libvips); text it
    /// cannot draw (a glyph the font lacks, a word wider than the line) goes through libvips'
    /// vips_text, whose Pango falls back to other fonts; that loads libvips.
    static func render(_ text: String, font: FontFace, pixelSize: Int, maxWidth: Int = 0) throws -> CoverageMask {
        if let mask = FreeTypeText.mask(text, fontFile: font.path, pixelSize: pixelSize, maxWidth: maxWidth) {
            return mask
        }
        return try libvipsText(text, font: font, pixelSize: pixelSize, maxWidth: maxWidth)
    }

    /// The same mask drawn by libvips' vips_text (Pango's font fallback); loads libvips.
    static func libvipsText(_ text: String, font: FontFace, pixelSize: Int, maxWidth: Int = 0) throws -> CoverageMask {
        try MediaRuntime.start()
        var mask: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        guard sg_vips_text_mask(text, font.path, font.family, Int32(pixelSize), Int32(maxWidth),
                                &mask, &width, &height) == 0, let mask else {
            throw MediaRuntime.failure(.fontsMissing, "Rendering a caption failed")
        }
        guard let copy = malloc(Int(width) * Int(height))?.assumingMemoryBound(to: UInt8.self) else {
            sg_vips_free(mask)
            throw MediaError(.processing, "Rendering a caption failed (out of memory).")
        }
        copy.update(from: mask, count: Int(width) * Int(height))
        sg_vips_free(mask)
        return CoverageMask(width: Int(width), height: Int(height), owning: copy)
    }
}

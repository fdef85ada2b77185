import Foundation

/// Makes user text safe to set in a font: every character left has a glyph in that font.
///
/// Emoji and their joiners, variation selectors and skin tones are dropped (the diary is calm
/// type, and DejaVu has no colour emoji); any other missing character becomes "□" so the reader
/// sees that something was there. Decomposed letters are composed first (и + ◌̆ → й).
public enum PrintableText {
    /// Shown for a character the font lacks that is not an emoji.
    public static let placeholder: Unicode.Scalar = "\u{25A1}"

    public static func clean(_ text: String, for font: TrueTypeFont) -> String {
        let composed = text.replacingOccurrences(of: "\r\n", with: "\n").precomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = false
        var droppedAfterSpace = false
        for scalar in composed.unicodeScalars {
            guard let kept = replacement(for: scalar, font: font) else {
                droppedAfterSpace = droppedAfterSpace || lastWasSpace
                continue
            }
            let isSpace = kept == " "
            if isSpace && lastWasSpace { continue }  // a dropped emoji leaves no double space
            // "телефон 🌱." must not become "телефон ."
            if droppedAfterSpace, lastWasSpace, closesPhrase(kept), scalars.last == " " { scalars.removeLast() }
            scalars.append(kept)
            lastWasSpace = isSpace || kept == "\n"
            droppedAfterSpace = false
        }
        return String(scalars)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
    }

    /// The scalar to print instead of `scalar`, or nil to drop it.
    static func replacement(for scalar: Unicode.Scalar, font: TrueTypeFont) -> Unicode.Scalar? {
        switch scalar {
        case "\n": return "\n"
        case "\r": return "\n"
        case "\t", "\u{00A0}", "\u{2007}", "\u{202F}": return " "
        default: break
        }
        if scalar.properties.generalCategory == .control || isInvisible(scalar) { return nil }
        if scalar.value <= 0xFFFF, font.hasGlyph(scalar) { return scalar }
        if isEmojiPart(scalar) { return nil }
        return font.hasGlyph(placeholder) ? placeholder : "?"
    }

    private static func closesPhrase(_ scalar: Unicode.Scalar) -> Bool {
        ".,;:!?)»…".unicodeScalars.contains(scalar)
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x2060...0x2064, 0xFEFF, 0xFE00...0xFE0F, 0xE0000...0xE007F, 0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    private static func isEmojiPart(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isEmoji || properties.isEmojiPresentation || properties.isEmojiModifier
            || scalar.value == 0x20E3 || (0x1F1E6...0x1F1FF).contains(scalar.value)
    }
}

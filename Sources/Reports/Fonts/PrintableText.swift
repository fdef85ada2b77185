import Foundation

/// Makes user text safe to set in a font: every character left has a glyph in that font.
///
/// An emoji (with its joiners, variation selectors and skin tone) becomes one symbol the font has:
/// its own text form (☀), a kin from `EmojiStandIn` (🌱 → ♣, 😊 → ☺), or "□". Any other missing
/// character becomes "□" too, so the reader sees that something was there. Decomposed letters
/// are composed first (и + ◌̆ → й).
public enum PrintableText {
    /// Shown for a character the font lacks (an emoji too, when no symbol of its kind exists).
    public static let placeholder: Unicode.Scalar = "\u{25A1}"

    public static func clean(_ text: String, for font: TrueTypeFont) -> String {
        if isAlreadyClean(text, for: font) { return text }
        var output = SpacedText()
        let fallback = fallback(for: font)
        for character in composed(text) {
            if let symbol = EmojiStandIn.symbol(for: character, font: font, placeholder: fallback) {
                output.append(symbol, for: symbol)
                continue
            }
            for scalar in character.unicodeScalars {
                output.append(replacement(for: scalar, font: font), for: scalar)
            }
        }
        return output.finished
    }

    /// Cleaned text being built: spaces tidied as characters are kept or dropped.
    private struct SpacedText {
        private var scalars = String.UnicodeScalarView()
        private var lastWasSpace = false
        private var droppedAfterSpace = false
        private var previous: Unicode.Scalar = "\0"

        /// Appends what `source` prints as (`kept`), or notes that it was dropped (nil).
        mutating func append(_ kept: Unicode.Scalar?, for source: Unicode.Scalar) {
            defer { previous = source }
            if source == "\n", previous == "\r" { return }  // CR LF is one line break
            guard let kept else {
                droppedAfterSpace = droppedAfterSpace || lastWasSpace
                return
            }
            let atLineStart = scalars.isEmpty || scalars.last == "\n"
            if kept == " " {
                // No leading spaces, and a dropped character leaves no double space
                if atLineStart || lastWasSpace { return }
            } else if kept == "\n" {
                if scalars.last == " " { scalars.removeLast() }  // no trailing spaces
            } else if droppedAfterSpace, lastWasSpace, PrintableText.closesPhrase(kept) {
                scalars.removeLast()  // "телефон \u{200B}." must not become "телефон ."
            }
            scalars.append(kept)
            lastWasSpace = kept == " "
            droppedAfterSpace = false
        }

        var finished: String {
            var result = scalars
            if result.last == " " { result.removeLast() }
            return String(result)
        }
    }

    /// The common case, checked without building a new string: every character printable as
    /// is, no control or special spaces, no doubled, leading or trailing spaces on a line.
    private static func isAlreadyClean(_ text: String, for font: TrueTypeFont) -> Bool {
        var previous: Unicode.Scalar = "\n"
        for scalar in text.unicodeScalars {
            if scalar == " " {
                if previous == " " || previous == "\n" { return false }
            } else if scalar == "\n" {
                if previous == " " { return false }
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                        || isInvisible(scalar) || isCombining(scalar) || !font.hasGlyph(scalar) {
                return false
            }
            previous = scalar
        }
        return previous != " "
    }

    private static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x0483...0x0489, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            return true
        default:
            return false
        }
    }

    /// NFC, but only when the text has combining marks: Foundation's normalization is the
    /// slowest step otherwise, and typed text is almost always composed already.
    private static func composed(_ text: String) -> String {
        text.unicodeScalars.contains(where: isCombining) ? text.precomposedStringWithCanonicalMapping : text
    }

    /// The scalar to print instead of `scalar`, or nil to drop it.
    static func replacement(for scalar: Unicode.Scalar, font: TrueTypeFont) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0A, 0x0D: return "\n"
        case 0x09: return " "
        // A no-break space keeps "31 %" on one line (the line breaker breaks only at " ")
        case 0xA0, 0x2007, 0x202F: return font.hasGlyph("\u{00A0}") ? "\u{00A0}" : " "
        case 0x00...0x1F, 0x7F...0x9F: return nil  // control characters
        default: break
        }
        if isInvisible(scalar) { return nil }
        if font.hasGlyph(scalar) { return scalar }
        // Joiners, skin tones and keycap marks left over from an emoji the font prints as text
        if isEmojiPart(scalar) { return nil }
        return fallback(for: font)
    }

    private static func fallback(for font: TrueTypeFont) -> Unicode.Scalar {
        font.hasGlyph(placeholder) ? placeholder : "?"
    }

    fileprivate static func closesPhrase(_ scalar: Unicode.Scalar) -> Bool {
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

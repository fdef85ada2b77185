/// Emoji in the diary's calm type: the PDF fonts have no colour emoji, and libharu's UTF-8
/// encoding stops at U+FFFF, so an emoji is printed as one black-and-white symbol of its kind.
enum EmojiStandIn {
    /// The symbol standing for `character` when it is an emoji the font cannot print as it is;
    /// nil for anything else (ordinary text, or an emoji the font has as a text symbol).
    static func symbol(for character: Character, font: TrueTypeFont, placeholder: Unicode.Scalar) -> Unicode.Scalar? {
        let scalars = character.unicodeScalars
        guard let first = scalars.first, isEmoji(character) else { return nil }
        // ❤️, ☀️, ✔️: the font's own text form of the first scalar says it best
        if font.hasGlyph(first) { return scalars.count == 1 ? nil : first }
        return kin(of: first.value).first(where: font.hasGlyph) ?? placeholder
    }

    private static func isEmoji(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return false }
        if first.properties.isEmojiPresentation || (0x1F1E6...0x1F1FF).contains(first.value) { return true }
        // Text-default symbols (©, digits, ☀) count only when asked to look like emoji
        return first.properties.isEmoji && scalars.contains { $0.value == 0xFE0F || $0.value == 0x200D || $0.value == 0x20E3
            || $0.properties.isEmojiModifier }
    }

    /// Symbols of the emoji's kind, best first (DejaVu Serif has fewer symbols than Sans).
    private static func kin(of value: UInt32) -> [Unicode.Scalar] {
        switch value {
        case 0x1F600...0x1F60F, 0x1F617...0x1F61D, 0x1F642, 0x1F643, 0x1F917, 0x1F929, 0x1F970, 0x1F60A, 0x1F972:
            return ["\u{263A}"]  // ☺
        case 0x1F610...0x1F616, 0x1F61E...0x1F62F, 0x1F630...0x1F641, 0x1F97A:
            return ["\u{2639}"]  // ☹
        case 0x2764, 0x2763, 0x1F493...0x1F49F, 0x1F9E1, 0x1F90D, 0x1F90E, 0x1F5A4, 0x1FA75...0x1FA77:
            return ["\u{2665}"]  // ♥
        case 0x1F331, 0x1F33F, 0x1F340...0x1F343, 0x1F33E, 0x1FAB4, 0x1F96C, 0x1F966, 0x1FAD1:
            return ["\u{2618}", "\u{2663}"]  // ☘ ♣
        case 0x1F337...0x1F33C, 0x1F490, 0x1F3F5, 0x1FAB7:
            return ["\u{273F}", "\u{2740}", "\u{2667}"]  // ✿ ❀ ♧
        case 0x2600, 0x1F31E, 0x1F324, 0x1F325, 0x26C5:
            return ["\u{2600}", "\u{263C}"]  // ☀ ☼
        case 0x1F319, 0x1F31B, 0x1F31C, 0x1F31D:
            return ["\u{263E}", "\u{25D0}"]  // ☾ ◐
        case 0x2B50, 0x1F31F, 0x2728, 0x1F4AB, 0x1F320:
            return ["\u{2605}", "\u{25C7}"]  // ★ ◇
        case 0x2705, 0x2714, 0x1F44D, 0x1F44C, 0x1F197:
            return ["\u{2713}", "\u{221A}"]  // ✓ √
        default:
            return []
        }
    }
}

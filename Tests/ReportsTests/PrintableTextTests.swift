import Testing
@testable import Reports

@Suite struct PrintableTextTests {
    let font: TrueTypeFont

    init() throws { font = try Fixtures.assets().font(.text) }

    @Test func eachEmojiBecomesOneSymbolOfItsKindOrAVisiblePlaceholder() {
        // Given a sentence with sprouts, a family emoji (joiners), a skin-toned thumb and a flag
        let text = "Проверяю их чаще, чем телефон 🌱🌱. Мы 👨‍👩‍👧 вместе 👍🏽 🇷🇺! ❤️😊🌸☀️✨"
        // When it is cleaned for the serif font
        let clean = PrintableText.clean(text, for: font)
        // Then every emoji left a mark: a symbol of its kind, or one square for a whole sequence
        #expect(clean == "Проверяю их чаще, чем телефон ♣♣. Мы \u{25A1} вместе √ \u{25A1}! ♥☺♧☀◇")
        #expect(clean.unicodeScalars.allSatisfy { font.hasGlyph($0) || $0 == " " })
    }

    @Test func invisibleCharactersLeaveNoDoubleSpaceOrSpaceBeforePunctuation() {
        let clean = PrintableText.clean("телефон \u{200B}. Мы \u{2060} вместе", for: font)
        #expect(clean == "телефон. Мы вместе")
    }

    @Test func charactersTheFontLacksBecomeAVisiblePlaceholder() {
        // Given Chinese text, which DejaVu does not cover
        let clean = PrintableText.clean("чай 茶 tea", for: font)
        // Then each missing character is shown as a white square the font has
        #expect(clean == "чай \u{25A1} tea")
        #expect(font.hasGlyph(PrintableText.placeholder))
    }

    @Test func decomposedLettersAreComposedAndControlCharactersRemoved() {
        // Given "й" typed as и + combining breve, a tab, a CR-LF and a bell character
        let clean = PrintableText.clean("и\u{0306}од\tи\u{0007}\r\nёж", for: font)
        #expect(clean == "йод и\nёж")
    }

    @Test func everyRussianAndLatinLetterIsKept() {
        let letters = RussianAndLatin.all
        #expect(PrintableText.clean(letters, for: font) == letters)
    }
}

/// The alphabets a Russian/English diary must print perfectly.
enum RussianAndLatin {
    static let russianUpper = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    static let russianLower = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    static let latinUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    static let latinLower = "abcdefghijklmnopqrstuvwxyz"
    static var all: String { russianUpper + russianLower + latinUpper + latinLower }
}

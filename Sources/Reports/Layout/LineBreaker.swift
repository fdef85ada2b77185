/// Breaks cleaned text into lines that fit a width, measuring with the font's own advances.
///
/// libharu's `TextRect` reports how many *bytes* it placed and stops with an error code when text
/// does not fit; measuring here keeps wrapping, page breaks and UTF-8 out of libharu's hands.
struct LineBreaker {
    let font: TrueTypeFont
    let size: Double

    /// Lines for a text whose paragraphs are separated by "\n"; an empty paragraph stays an
    /// empty line so the reader's blank lines survive.
    func lines(_ text: String, width: Double) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { paragraph in
            wrap(String(paragraph), width: width)
        }
    }

    func width(_ text: some StringProtocol) -> Double {
        font.width(of: String(text), size: size)
    }

    private func wrap(_ paragraph: String, width: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        let spaceWidth = self.width(" ")
        var currentWidth = 0.0
        for word in paragraph.split(separator: " ") {
            let wordWidth = self.width(word)
            if current.isEmpty, wordWidth <= width {
                current = String(word)
                currentWidth = wordWidth
            } else if !current.isEmpty, currentWidth + spaceWidth + wordWidth <= width {
                current += " " + word
                currentWidth += spaceWidth + wordWidth
            } else {
                if !current.isEmpty { lines.append(current) }
                var pieces = wordWidth <= width ? [String(word)] : split(word, width: width)
                current = pieces.removeLast()
                currentWidth = self.width(current)
                lines.append(contentsOf: pieces)
            }
        }
        lines.append(current)
        return lines
    }

    /// Cuts a word longer than the line (a URL, a long run of letters) between characters.
    private func split(_ word: Substring, width: Double) -> [String] {
        var pieces: [String] = []
        var piece = ""
        for character in word {
            if !piece.isEmpty, self.width(piece + String(character)) > width {
                pieces.append(piece)
                piece = ""
            }
            piece.append(character)
        }
        pieces.append(piece)
        return pieces
    }
}

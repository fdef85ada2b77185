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

    /// Greedy filling in one pass over the scalars: break at the last space that fits, or
    /// between letters when a single word is wider than the line (a URL, a long run of letters).
    private func wrap(_ paragraph: String, width: Double) -> [String] {
        let scalars = Array(paragraph.unicodeScalars)
        let limit = width * 1000 / size  // compare in font units, as libharu measures
        var lines: [String] = []
        var lineStart = 0
        var lineUnits = 0.0
        var lastSpace: Int?
        var unitsBeforeLastSpace = 0.0
        var index = 0
        func emit(_ end: Int) {
            var line = String.UnicodeScalarView()
            line.append(contentsOf: scalars[lineStart..<end])
            lines.append(String(line))
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let advance = Double(font.advance(scalar))
            if scalar == " " {
                lastSpace = index
                unitsBeforeLastSpace = lineUnits
            } else if lineUnits + advance > limit, index > lineStart {
                if let space = lastSpace, space > lineStart {
                    emit(space)
                    lineStart = space + 1
                    lineUnits -= unitsBeforeLastSpace + Double(font.advance(" "))
                } else {
                    emit(index)
                    lineStart = index
                    lineUnits = 0
                }
                lastSpace = nil
                continue  // measure this scalar again on the new line
            }
            lineUnits += advance
            index += 1
        }
        emit(scalars.count)
        return lines
    }
}

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
        let scalars = text.unicodeScalars
        var lines: [String] = []
        var start = scalars.startIndex
        while let newline = scalars[start...].firstIndex(of: "\n") {
            wrap(scalars[start..<newline], width: width, into: &lines)
            start = scalars.index(after: newline)
        }
        wrap(scalars[start...], width: width, into: &lines)
        return lines
    }

    func width(_ text: some StringProtocol) -> Double {
        font.width(of: String(text), size: size)
    }

    /// Greedy filling in one pass over the scalars: break at the last space that fits, or
    /// between letters when a single word is wider than the line (a URL, a long run of letters).
    /// Lines are slices of the original string, so no text is rebuilt character by character.
    private func wrap(_ scalars: Substring.UnicodeScalarView, width: Double, into lines: inout [String]) {
        let limit = width * 1000 / size  // compare in font units, as libharu measures
        let spaceUnits = Double(font.advance(" "))
        var lineStart = scalars.startIndex
        var lineUnits = 0.0
        var lastSpace: String.Index?
        var unitsBeforeLastSpace = 0.0
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let advance = Double(font.advance(scalar))
            if scalar == " " {
                lastSpace = index
                unitsBeforeLastSpace = lineUnits
            } else if lineUnits + advance > limit, index > lineStart {
                if let space = lastSpace, space > lineStart {
                    lines.append(String(scalars[lineStart..<space]))
                    lineStart = scalars.index(after: space)
                    lineUnits -= unitsBeforeLastSpace + spaceUnits
                } else {
                    lines.append(String(scalars[lineStart..<index]))
                    lineStart = index
                    lineUnits = 0
                }
                lastSpace = nil
                continue  // measure this scalar again on the new line
            }
            lineUnits += advance
            index = scalars.index(after: index)
        }
        lines.append(String(scalars[lineStart..<scalars.endIndex]))
    }
}

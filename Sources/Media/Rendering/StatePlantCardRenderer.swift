public import Foundation

/// Draws a state-plant card: 720x960 (3:4, two side by side fill a phone's width in an album),
/// a framed card in the kit's colours with the plant on a soft halo, the state's name, its line,
/// the user's own answer in quotes when there is one, and the day it was earned.
public struct StatePlantCardRenderer: Sendable {
    public let fonts: MediaFonts
    var quality = 88

    enum Layout {
        static let width = 720, height = 960, margin = 56, frameInset = 24
        static let plantCentreY = 320.0, plantSize = 380.0, haloRadius = 215.0
        static let stateSize = 58, lineSize = 28, answerSize = 26, footerSize = 22
        /// The answer is quoted up to this many characters (about three lines).
        static let answerLimit = 120
        static let muted = RGB(120, 128, 115)
    }

    public init(fonts: MediaFonts) {
        self.fonts = fonts
    }

    public func render(_ card: StatePlantCard) throws -> Data {
        let palette = card.palette
        let canvas = try PixelCanvas(width: Layout.width, height: Layout.height, fill: palette.paper)
        drawFrame(on: canvas, colour: palette.accent)
        let centre = Point(x: Double(Layout.width) / 2, y: Layout.plantCentreY)
        canvas.disc(centre: centre, radius: Layout.haloRadius, colour: palette.accent, alpha: 26)
        try PlantSilhouettes(canvas: canvas, centre: centre, size: Layout.plantSize, palette: palette).draw(card.silhouette)

        let textWidth = Layout.width - 2 * Layout.margin
        var y = Int(Layout.plantCentreY + Layout.haloRadius) + 36
        let state = try Caption(card.state, font: fonts.bold, size: Layout.stateSize, maxWidth: textWidth)
        state.draw(on: canvas, centredIn: Box(x: 0, y: y, width: Layout.width, height: state.height), colour: palette.accent)
        y += state.height + 22
        let line = try Caption(card.line, font: fonts.regular, size: Layout.lineSize, maxWidth: textWidth)
        line.draw(on: canvas, centredIn: Box(x: 0, y: y, width: Layout.width, height: line.height), colour: palette.ink)
        y += line.height + 26
        let footer = try Caption(card.footer, font: fonts.regular, size: Layout.footerSize, maxWidth: textWidth)
        let footerTop = Layout.height - Layout.margin - footer.height
        if let answer = card.answer.map({ Self.quoted($0, locale: card.locale) }), !answer.isEmpty {
            canvas.fill(x: (Layout.width - 64) / 2, y: y, width: 64, height: 3, colour: palette.accent)
            y += 22
            let quote = try Caption(answer, font: fonts.regular, size: Layout.answerSize, maxWidth: textWidth - 24)
            if y + quote.height <= footerTop - 12 {
                quote.draw(on: canvas, centredIn: Box(x: 0, y: y, width: Layout.width, height: quote.height), colour: palette.ink, opacity: 210)
            }
        }
        footer.draw(on: canvas, centredIn: Box(x: 0, y: footerTop, width: Layout.width, height: footer.height), colour: Layout.muted)
        return try canvas.jpeg(quality: quality)
    }

    private func drawFrame(on canvas: PixelCanvas, colour: RGB) {
        let inset = Layout.frameInset, thickness = 3
        let width = Layout.width - 2 * inset, height = Layout.height - 2 * inset
        canvas.fill(x: inset, y: inset, width: width, height: thickness, colour: colour)
        canvas.fill(x: inset, y: inset + height - thickness, width: width, height: thickness, colour: colour)
        canvas.fill(x: inset, y: inset, width: thickness, height: height, colour: colour)
        canvas.fill(x: inset + width - thickness, y: inset, width: thickness, height: height, colour: colour)
    }

    /// The user's words in quotes, on one paragraph, cut at a word with "…" when long.
    static func quoted(_ answer: String, locale: String) -> String {
        let (open, close) = locale == "ru" ? ("«", "»") : ("“", "”")
        let flat = answer.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !flat.isEmpty else { return "" }
        guard flat.count > Layout.answerLimit else { return open + flat + close }
        let cut = flat.prefix(Layout.answerLimit)
        let words = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return open + words.trimmingCharacters(in: .whitespaces) + "…" + close
    }
}

public import Foundation

/// Draws the before/after collage users share: two cover-cropped photos with their day captions.
public struct CollageRenderer: Sendable {
    public let fonts: MediaFonts
    var quality = 85
    /// Threads one collage may use to decode its two photos.
    var parallelism = 2
    private let probe: PhotoProbe
    /// Stored photos are plain JPEGs, so libjpeg decodes them and a collage never loads libvips.
    var decoder = PhotoDecoder()

    public init(fonts: MediaFonts, probe: PhotoProbe = PhotoProbe()) {
        self.fonts = fonts
        self.probe = probe
    }

    /// A JPEG collage of `before` and `after`; `footer` (optional, localized) is a line of text
    /// under the photos in the Sogreto layouts.
    public func render(before: LabeledPhoto, after: LabeledPhoto, layout: CollageLayout = .automatic,
                       footer: String? = nil) throws -> Data {
        let photos = [before, after]
        let headers = try photos.map { try probe.inspect($0.source) }
        switch layout {
        case .contract:
            return try renderContract(photos, headers)
        case .sideBySide:
            return try renderStyled(photos, headers, stacked: false, footer: footer)
        case .stacked:
            return try renderStyled(photos, headers, stacked: true, footer: footer)
        case .automatic:
            let landscape = headers.reduce(0.0) { $0 + Double($1.uprightWidth) / Double($1.uprightHeight) } / 2 >= 1
            return try renderStyled(photos, headers, stacked: !landscape, footer: footer)
        }
    }

    private func cells(_ photos: [LabeledPhoto], _ headers: [PhotoHeader], side: Int) throws -> [RGBPixels] {
        let decoder = self.decoder
        return try ParallelWork.map(photos.count, parallelism: parallelism) { index in
            try decoder.coverTile(photos[index].source, header: headers[index], width: side, height: side)
        }
    }

    // MARK: contract layout

    private enum Contract {
        static let cell = 1024, bar = 112, barAlpha = 140, fontSize = 64
    }

    private func renderContract(_ photos: [LabeledPhoto], _ headers: [PhotoHeader]) throws -> Data {
        let side = Contract.cell
        let canvas = try PixelCanvas(width: 2 * side, height: side, fill: .black)
        for (index, cell) in try cells(photos, headers, side: side).enumerated() {
            let x = index * side
            canvas.paste(cell, x: x, y: 0)
            canvas.shade(x: x, y: side - Contract.bar, width: side, height: Contract.bar,
                             colour: .black, topAlpha: Contract.barAlpha, bottomAlpha: Contract.barAlpha)
            try Caption(photos[index].label, font: fonts.bold, size: Contract.fontSize, maxWidth: side - 32)
                .draw(on: canvas, centredIn: Box(x: x, y: side - Contract.bar, width: side, height: Contract.bar),
                      colour: .white)
        }
        return try canvas.jpeg(quality: quality)
    }

    // MARK: Sogreto layouts

    private enum Style {
        static let cell = 1024, margin = 32, gutter = 24, footerHeight = 96
        static let background = RGB(250, 250, 245)
        static let ink = RGB(30, 60, 30)
        static let leaf = RGB(56, 142, 60)
        static let shadeHeight = 280, shadeAlpha = 185
        static let labelSize = 72, labelBottom = 44
        static let badgeRadius = 54.0
        static let footerSize = 38
    }

    private func renderStyled(_ photos: [LabeledPhoto], _ headers: [PhotoHeader], stacked: Bool,
                              footer: String?) throws -> Data {
        let side = Style.cell, margin = Style.margin, gutter = Style.gutter
        let footerHeight = footer.map { $0.isEmpty ? 0 : Style.footerHeight } ?? 0
        let width = stacked ? side + 2 * margin : 2 * side + gutter + 2 * margin
        let height = (stacked ? 2 * side + gutter : side) + 2 * margin + footerHeight
        let canvas = try PixelCanvas(width: width, height: height, fill: Style.background)
        for (index, cell) in try cells(photos, headers, side: side).enumerated() {
            let x = margin + (stacked ? 0 : index * (side + gutter))
            let y = margin + (stacked ? index * (side + gutter) : 0)
            canvas.paste(cell, x: x, y: y)
            try drawLabel(photos[index].label, on: canvas, cell: Box(x: x, y: y, width: side, height: side))
        }
        // Stacked, the badge sits towards the right so it does not touch the centred caption.
        let centre = stacked
            ? Point(x: Double(width - margin) - 3 * Style.badgeRadius, y: Double(margin + side) + Double(gutter) / 2)
            : Point(x: Double(margin + side) + Double(gutter) / 2, y: Double(margin + side / 2))
        try drawArrowBadge(on: canvas, centre: centre, pointingDown: stacked)
        if let footer, !footer.isEmpty {
            try Caption(footer, font: fonts.regular, size: Style.footerSize, maxWidth: width - 2 * margin)
                .draw(on: canvas, centredIn: Box(x: 0, y: height - margin / 2 - footerHeight, width: width, height: footerHeight),
                      colour: Style.ink)
        }
        return try canvas.jpeg(quality: quality)
    }

    /// A soft dark gradient at the bottom of the photo with a white caption (and a faint shadow
    /// under the letters, so light photos keep the caption readable).
    private func drawLabel(_ label: String, on canvas: PixelCanvas, cell: Box) throws {
        canvas.shade(x: cell.x, y: cell.y + cell.height - Style.shadeHeight, width: cell.width,
                         height: Style.shadeHeight, colour: .black, topAlpha: 0, bottomAlpha: Style.shadeAlpha)
        let caption = try Caption(label, font: fonts.bold, size: Style.labelSize, maxWidth: cell.width - 96)
        let box = Box(x: cell.x, y: cell.y + cell.height - Style.labelBottom - caption.height,
                      width: cell.width, height: caption.height)
        caption.draw(on: canvas, centredIn: box.offset(dx: 0, dy: 3), colour: .black, opacity: 110)
        caption.draw(on: canvas, centredIn: box, colour: .white)
    }

    /// A white disc with a green arrow between the photos: "before → after".
    private func drawArrowBadge(on canvas: PixelCanvas, centre: Point, pointingDown: Bool) throws {
        let r = Style.badgeRadius
        canvas.disc(centre: Point(x: centre.x, y: centre.y + 4), radius: r + 2, colour: .black, alpha: 45)
        canvas.disc(centre: centre, radius: r, colour: .white)
        let half = r * 0.45, head = r * 0.32
        func p(_ along: Double, _ across: Double) -> Point {
            pointingDown ? Point(x: centre.x + across, y: centre.y + along) : Point(x: centre.x + along, y: centre.y + across)
        }
        try canvas.polyline([p(-half, 0), p(half, 0)], thickness: 9, colour: Style.leaf)
        try canvas.polyline([p(half - head, -head), p(half + 1, 0), p(half - head, head)], thickness: 9, colour: Style.leaf)
    }
}

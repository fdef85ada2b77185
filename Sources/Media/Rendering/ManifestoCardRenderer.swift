public import Foundation

/// Draws the manifesto card: a 1080x1350 portrait (a phone's feed shape) with the first and
/// latest photos on top, then the title, a short rule and the user's lines, centred; the lines'
/// size shrinks until they fit, lines that still do not fit are left off the end, and the photos
/// grow into the room a short text leaves.
public struct ManifestoCardRenderer: Sendable {
    public let fonts: MediaFonts
    var quality = 88
    private let probe: PhotoProbe
    var decoder = PhotoDecoder()

    enum Layout {
        static let width = 1080, height = 1350, margin = 64, gutter = 24, photoHeight = 460
        static let titleSize = 54, ruleWidth = 120, footerSize = 30
        static let lineSizes = [42, 38, 34, 31, 28]
        static let labelSize = 40
        /// Paper kept between the lines and the footer when the photos grow.
        static let breathingRoom = 48

        /// A single photo spans the card (4:3); two share it side by side (3:4 portrait cells).
        static func tallestPhoto(_ count: Int) -> Int {
            let inner = width - 2 * margin
            return count == 1 ? inner * 3 / 4 : (inner - gutter) / 2 * 4 / 3
        }
    }

    public init(fonts: MediaFonts, probe: PhotoProbe = PhotoProbe()) {
        self.fonts = fonts
        self.probe = probe
    }

    public func render(_ card: ManifestoCard) throws -> Data {
        let canvas = try PixelCanvas(width: Layout.width, height: Layout.height, fill: card.palette.paper)
        let textWidth = Layout.width - 2 * Layout.margin
        let photos = Array(card.photos.prefix(2))
        let title = try Caption(card.title, font: fonts.bold, size: Layout.titleSize, maxWidth: textWidth)
        let heading = title.height + 28 + 5 + 44
        var bottom = Layout.height - Layout.margin
        if let footer = card.footer, !footer.isEmpty {
            let caption = try Caption(footer, font: fonts.regular, size: Layout.footerSize, maxWidth: textWidth)
            caption.draw(on: canvas, centredIn: Box(x: 0, y: bottom - caption.height, width: Layout.width, height: caption.height),
                         colour: card.palette.accent)
            bottom -= caption.height + 40
        }
        let photoRoom = photos.isEmpty ? 96 : Layout.photoHeight + 56
        let block = try fittedLines(card.lines, width: textWidth, height: bottom - Layout.margin - photoRoom - heading)
        var top = Layout.margin
        if !photos.isEmpty {
            // The photos take the room the lines leave (up to a 3:4 portrait cell, or 4:3 for one
            // photo), so a short manifesto leaves no empty band of paper under them.
            let spare = bottom - Layout.margin - photoRoom - heading - block.height - Layout.breathingRoom
            let photoHeight = Layout.photoHeight + max(0, min(spare, Layout.tallestPhoto(photos.count) - Layout.photoHeight))
            try drawPhotos(photos, on: canvas, top: top, height: photoHeight)
            top += photoHeight + 56
        } else {
            top += 96
        }
        title.draw(on: canvas, centredIn: Box(x: 0, y: top, width: Layout.width, height: title.height), colour: card.palette.accent)
        top += title.height + 28
        canvas.fill(x: (Layout.width - Layout.ruleWidth) / 2, y: top, width: Layout.ruleWidth, height: 5, colour: card.palette.accent)
        top += 5 + 44
        var y = top + max(0, (bottom - top - block.height) / 2)
        for caption in block.captions {
            caption.draw(on: canvas, centredIn: Box(x: 0, y: y, width: Layout.width, height: caption.height), colour: card.palette.ink)
            y += caption.height + block.spacing
        }
        return try canvas.jpeg(quality: quality)
    }

    /// The lines at the largest size whose block fits `height`; at the smallest size, as many
    /// whole lines as fit.
    private func fittedLines(_ lines: [String], width: Int, height: Int) throws -> (captions: [Caption], spacing: Int, height: Int) {
        let lines = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var result: (captions: [Caption], spacing: Int, height: Int) = ([], 0, 0)
        for size in Layout.lineSizes {
            let spacing = size * 3 / 4
            let captions = try lines.map { try Caption($0, font: fonts.regular, size: size, maxWidth: width) }
            var kept: [Caption] = [], total = 0
            for caption in captions {
                let next = total + (kept.isEmpty ? 0 : spacing) + caption.height
                if next > height { break }
                kept.append(caption)
                total = next
            }
            result = (kept, spacing, total)
            if kept.count == captions.count { break }
        }
        return result
    }

    /// One wide photo, or two side by side, each with its day label on a soft shade.
    private func drawPhotos(_ photos: [LabeledPhoto], on canvas: PixelCanvas, top: Int, height: Int) throws {
        let inner = Layout.width - 2 * Layout.margin
        let cellWidth = photos.count == 1 ? inner : (inner - Layout.gutter) / 2
        for (index, photo) in photos.enumerated() {
            let header = try probe.inspect(photo.source)
            let tile = try decoder.coverTile(photo.source, header: header, width: cellWidth, height: height)
            let x = Layout.margin + index * (cellWidth + Layout.gutter)
            canvas.paste(tile, x: x, y: top)
            let shade = 150
            canvas.shade(x: x, y: top + height - shade, width: cellWidth, height: shade,
                         colour: .black, topAlpha: 0, bottomAlpha: 170)
            let label = try Caption(photo.label, font: fonts.bold, size: Layout.labelSize, maxWidth: cellWidth - 48)
            let box = Box(x: x, y: top + height - 28 - label.height, width: cellWidth, height: label.height)
            label.draw(on: canvas, centredIn: box, colour: .white)
        }
    }
}

import Foundation

/// A line of text rendered once as a coverage mask, then painted where it belongs.
struct Caption {
    private let mask: CoverageMask?

    /// Renders `text` (empty text draws nothing). Longer text than `maxWidth` wraps.
    init(_ text: String, font: FontFace, size: Int, maxWidth: Int) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        mask = trimmed.isEmpty ? nil : try CoverageMask.render(trimmed, font: font, pixelSize: size, maxWidth: maxWidth)
    }

    var width: Int { mask?.width ?? 0 }
    var height: Int { mask?.height ?? 0 }

    /// Paints the caption centred in `box`.
    func draw(on canvas: PixelCanvas, centredIn box: Box, colour: RGB, opacity: Int = 255) {
        guard let mask else { return }
        canvas.paint(mask, x: box.x + (box.width - mask.width) / 2, y: box.y + (box.height - mask.height) / 2,
                         colour: colour, opacity: opacity)
    }

    /// Paints the caption with its top-left corner at (x, y).
    func draw(on canvas: PixelCanvas, x: Int, y: Int, colour: RGB, opacity: Int = 255) {
        guard let mask else { return }
        canvas.paint(mask, x: x, y: y, colour: colour, opacity: opacity)
    }
}

/// A rectangle in canvas pixels.
struct Box: Sendable, Equatable {
    let x: Int, y: Int, width: Int, height: Int

    func offset(dx: Int, dy: Int) -> Box {
        Box(x: x + dx, y: y + dy, width: width, height: height)
    }
}

import CPixels
import Foundation

/// An 8-bit RGB image in memory that one renderer draws on, then encodes with libjpeg: drawing
/// is CPixels' arithmetic on the buffer. Not `Sendable`: drawing mutates the pixels in place, so a canvas stays on one thread.
final class PixelCanvas {
    let width: Int
    let height: Int
    private let bytes: UnsafeMutablePointer<UInt8>
    private var stride: Int { width * 3 }
    private var raw: sg_px_canvas { sg_px_canvas(pixels: bytes, width: Int32(width), height: Int32(height), stride: stride) }

    init(width: Int, height: Int, fill: RGB) throws {
        guard (1...20_000).contains(width), (1...20_000).contains(height) else {
            throw MediaError(.invalidRequest, "A \(width)x\(height) canvas is not a size that can be drawn.")
        }
        guard let memory = malloc(width * height * 3) else {
            throw MediaError(.processing, "There is not enough memory for a \(width)x\(height) canvas.")
        }
        self.width = width
        self.height = height
        bytes = memory.assumingMemoryBound(to: UInt8.self)
        var canvas = raw
        sg_px_canvas_fill(&canvas, fill.r, fill.g, fill.b)
    }

    deinit {
        free(bytes)
    }

    /// Copies a tile onto the canvas with its top-left corner at (x, y), clipped.
    func paste(_ tile: RGBPixels, x: Int, y: Int) {
        var canvas = raw
        sg_px_canvas_paste(&canvas, tile.bytes, Int32(tile.width), Int32(tile.height), tile.stride, Int32(x), Int32(y))
    }

    /// Lays `colour` over a rectangle, its opacity going from `topAlpha` to `bottomAlpha`.
    func shade(x: Int, y: Int, width: Int, height: Int, colour: RGB, topAlpha: Int, bottomAlpha: Int) {
        var canvas = raw
        sg_px_canvas_shade(&canvas, Int32(x), Int32(y), Int32(width), Int32(height),
                           colour.r, colour.g, colour.b, Int32(topAlpha), Int32(bottomAlpha))
    }

    func fill(x: Int, y: Int, width: Int, height: Int, colour: RGB) {
        shade(x: x, y: y, width: width, height: height, colour: colour, topAlpha: 255, bottomAlpha: 255)
    }

    /// Paints `colour` through a coverage mask placed at (x, y).
    func paint(_ mask: CoverageMask, x: Int, y: Int, colour: RGB, opacity: Int = 255) {
        var canvas = raw
        sg_px_canvas_blend_mask(&canvas, mask.bytes, Int32(mask.width), Int32(mask.height), mask.width,
                                Int32(x), Int32(y), colour.r, colour.g, colour.b, Int32(opacity))
    }

    func polyline(_ points: [Point], thickness: Double, colour: RGB, alpha: Int = 255) throws {
        let xy = points.flatMap { [$0.x, $0.y] }
        var canvas = raw
        guard sg_px_canvas_polyline(&canvas, xy, Int32(points.count), thickness,
                                    colour.r, colour.g, colour.b, Int32(alpha)) == 0 else {
            throw MediaError(.processing, "Drawing a line failed (out of memory).")
        }
    }

    func disc(centre: Point, radius: Double, colour: RGB, alpha: Int = 255) {
        var canvas = raw
        sg_px_canvas_disc(&canvas, centre.x, centre.y, radius, colour.r, colour.g, colour.b, Int32(alpha))
    }

    /// Fills between the polyline and the horizontal line `baseY`, fading towards the base.
    func fillUnder(_ points: [Point], baseY: Double, colour: RGB, lineAlpha: Int, baseAlpha: Int) {
        let xy = points.flatMap { [$0.x, $0.y] }
        var canvas = raw
        sg_px_canvas_fill_under(&canvas, xy, Int32(points.count), baseY, colour.r, colour.g, colour.b,
                                Int32(lineAlpha), Int32(baseAlpha))
    }

    /// Baseline 4:2:0 JPEG carrying no metadata (libjpeg, as `RGBPixels.jpeg`).
    func jpeg(quality: Int) throws -> Data {
        try RGBPixels.encodeJPEG(bytes, width: width, height: height, stride: stride, quality: quality)
    }

    /// The colour at (x, y), for tests and checks.
    func pixel(x: Int, y: Int) -> RGB {
        let p = bytes + y * stride + x * 3
        return RGB(Int32(p[0]), Int32(p[1]), Int32(p[2]))
    }
}

/// An 8-bit sRGB colour.
struct RGB: Sendable, Equatable {
    let r: Int32, g: Int32, b: Int32
    init(_ r: Int32, _ g: Int32, _ b: Int32) {
        self.r = r
        self.g = g
        self.b = b
    }
    static let white = RGB(255, 255, 255)
    static let black = RGB(0, 0, 0)
}

struct Point: Sendable, Equatable {
    let x: Double, y: Double
}

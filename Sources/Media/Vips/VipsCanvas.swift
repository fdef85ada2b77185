import CVips
import Foundation

/// A 3-band 8-bit image in memory that one renderer draws on, then encodes.
/// Not `Sendable`: drawing mutates pixels in place, so a canvas stays on one thread.
final class VipsCanvas {
    private let image: VipsImage
    let width: Int
    let height: Int

    init(width: Int, height: Int, fill: RGB) throws {
        image = try VipsImage.make(.invalidRequest, "Creating a \(width)x\(height) canvas failed") {
            sg_vips_canvas_new(Int32(width), Int32(height), fill.r, fill.g, fill.b, $0)
        }
        self.width = width
        self.height = height
    }

    /// Copies an sRGB 8-bit tile onto the canvas with its top-left corner at (x, y).
    func paste(_ tile: VipsImage, x: Int, y: Int) throws {
        try check(sg_vips_canvas_paste(image.handle, tile.handle, Int32(x), Int32(y)), "Placing a photo")
    }

    /// Lays `colour` over a rectangle, its opacity going from `topAlpha` to `bottomAlpha`.
    func shade(x: Int, y: Int, width: Int, height: Int, colour: RGB, topAlpha: Int, bottomAlpha: Int) throws {
        try check(sg_vips_canvas_shade(image.handle, Int32(x), Int32(y), Int32(width), Int32(height),
                                       colour.r, colour.g, colour.b, Int32(topAlpha), Int32(bottomAlpha)),
                  "Shading")
    }

    func fill(x: Int, y: Int, width: Int, height: Int, colour: RGB) throws {
        try shade(x: x, y: y, width: width, height: height, colour: colour, topAlpha: 255, bottomAlpha: 255)
    }

    /// Paints `colour` through a text mask placed at (x, y).
    func paint(_ mask: VipsImage, x: Int, y: Int, colour: RGB, opacity: Int = 255) throws {
        try check(sg_vips_canvas_blend_mask(image.handle, mask.handle, Int32(x), Int32(y),
                                            colour.r, colour.g, colour.b, Int32(opacity)),
                  "Drawing a caption")
    }

    func polyline(_ points: [Point], thickness: Double, colour: RGB, alpha: Int = 255) throws {
        let xy = points.flatMap { [$0.x, $0.y] }
        try check(sg_vips_canvas_polyline(image.handle, xy, Int32(points.count), thickness,
                                          colour.r, colour.g, colour.b, Int32(alpha)),
                  "Drawing a line")
    }

    func disc(centre: Point, radius: Double, colour: RGB, alpha: Int = 255) throws {
        try check(sg_vips_canvas_disc(image.handle, centre.x, centre.y, radius,
                                      colour.r, colour.g, colour.b, Int32(alpha)),
                  "Drawing a dot")
    }

    /// Fills between the polyline and the horizontal line `baseY`, fading towards the base.
    func fillUnder(_ points: [Point], baseY: Double, colour: RGB, lineAlpha: Int, baseAlpha: Int) throws {
        let xy = points.flatMap { [$0.x, $0.y] }
        try check(sg_vips_canvas_fill_under(image.handle, xy, Int32(points.count), baseY,
                                            colour.r, colour.g, colour.b, Int32(lineAlpha), Int32(baseAlpha)),
                  "Filling under the curve")
    }

    func jpeg(quality: Int) throws -> Data {
        try image.jpeg(quality: quality)
    }

    private func check(_ status: Int32, _ context: String) throws {
        guard status == 0 else { throw MediaRuntime.failure(.processing, "\(context) failed") }
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

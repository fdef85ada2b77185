import CPixels
import Foundation

/// Resizes decoded rows to an exact size and turns them upright in one pass, a band of rows at a
/// time: only the finished image and one band are ever held beside what the decoder keeps.
enum UprightResize {
    static let bandRows = 32

    /// `source` resized to `width` x `height` (as stored), placed as EXIF `orientation` says.
    static func resized(_ source: inout any DecodedRows, width: Int, height: Int, orientation: Int) throws -> RGBPixels {
        let placement = UprightPlacement(orientation: orientation, width: width, height: height)
        let output = try RGBPixels.allocate(width: placement.outputWidth, height: placement.outputHeight)
        var resampler: UnsafeMutablePointer<sg_px_resampler>?
        if source.width != width || source.height != height {
            resampler = sg_px_resampler_new(Int32(source.width), Int32(source.height), Int32(width), Int32(height), 3)
            guard resampler != nil else { throw MediaError(.processing, "Resizing to \(width)x\(height) failed.") }
        }
        defer { sg_px_resampler_free(resampler) }
        // Upright bands go straight into the output; the others are placed from a band buffer.
        let band = placement.isIdentity ? nil : try RGBPixels.allocate(width: width, height: min(bandRows, height))
        for top in Swift.stride(from: 0, to: height, by: bandRows) {
            let rows = min(bandRows, height - top)
            let target = band?.bytes ?? output.bytes + top * output.stride
            if let resampler {
                var (x0, y0, x1, y1): (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
                sg_px_resampler_needs(resampler, 0, Int32(width), Int32(top), Int32(rows), &x0, &y0, &x1, &y1)
                let input = try source.rows(Int(y0)..<Int(y1)) + Int(x0) * 3
                guard sg_px_resample(resampler, input, source.stride, target, width * 3, 0, Int32(width),
                                     Int32(top), Int32(rows)) == 0 else {
                    throw MediaError(.processing, "Resizing to \(width)x\(height) failed (out of memory).")
                }
            } else {
                let input = try source.rows(top..<(top + rows))
                for line in 0..<rows {
                    (target + line * width * 3).update(from: input + line * source.stride, count: width * 3)
                }
            }
            if let band { placement.place(band.bytes, stride: band.stride, firstRow: top, rows: rows, into: output) }
        }
        return output
    }
}

/// Where EXIF orientation 1...8 puts each stored pixel (2 mirror, 3 180°, 4 flip, 5 transpose,
/// 6 90° clockwise, 7 transverse, 8 270° clockwise) of a `width` x `height` image.
struct UprightPlacement {
    let width: Int, height: Int
    let outputWidth: Int, outputHeight: Int
    let isIdentity: Bool
    /// Stored pixel (x, y) lands `start + x * dx + y * dy` bytes into the upright image.
    private let start: Int, dx: Int, dy: Int

    init(orientation: Int, width: Int, height: Int) {
        let swaps = (5...8).contains(orientation)
        (self.width, self.height) = (width, height)
        (outputWidth, outputHeight) = swaps ? (height, width) : (width, height)
        isIdentity = !(2...8).contains(orientation)
        let line = outputWidth * 3, w = width, h = height
        (start, dx, dy) = switch orientation {
        case 2: ((w - 1) * 3, -3, line)
        case 3: ((h - 1) * line + (w - 1) * 3, -3, -line)
        case 4: ((h - 1) * line, 3, -line)
        case 5: (0, line, 3)
        case 6: ((h - 1) * 3, line, -3)
        case 7: ((w - 1) * line + (h - 1) * 3, -line, -3)
        case 8: ((w - 1) * line, -line, 3)
        default: (0, 3, line)
        }
    }

    /// Copies stored rows [firstRow, firstRow + rows) (`stride` bytes apart in `band`) to their
    /// upright places in `output`.
    func place(_ band: UnsafePointer<UInt8>, stride: Int, firstRow: Int, rows: Int, into output: RGBPixels) {
        // 32 x 32 tiles: a tile's source and target lines stay in cache while it is copied.
        let tile = 32
        for tileTop in Swift.stride(from: 0, to: rows, by: tile) {
            for left in Swift.stride(from: 0, to: width, by: tile) {
                for y in tileTop..<min(tileTop + tile, rows) {
                    var source = band + y * stride + left * 3
                    var target = output.bytes + start + left * dx + (firstRow + y) * dy
                    for _ in left..<min(left + tile, width) {
                        target[0] = source[0]
                        target[1] = source[1]
                        target[2] = source[2]
                        source += 3
                        target += dx
                    }
                }
            }
        }
    }
}

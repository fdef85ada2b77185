import CJpeg
import CVips
import Foundation

/// Decodes a probed photo once, by one of two decoders, then sizes it and turns it upright
/// through the same steps (`UprightResize`, band by band) whatever decoded it:
/// - libjpeg for a plain JPEG (`header.decodesDirectly`), at the DCT scale M/8 that still covers
///   the target, only the crop's columns and none of the rows above it, its rows resized as
///   they are decoded (the decoded image is never held whole); a progressive one below full
///   size by `ProgressiveJPEG` instead, which keeps only the coefficients that scale reads;
/// - libvips for everything else (colour profiles, CMYK, PNG, HEIC, WebP, AVIF, TIFF), a JPEG
///   among them shrunk on load at 1/2, 1/4 or 1/8 when that still covers the target.
struct PhotoDecoder: Sendable {
    /// False sends plain JPEGs through libvips too (tests compare the two decoders).
    var decodesPlainJPEGsWithLibjpeg = true
    /// The DCT scales (in eighths) libjpeg may decode at; tests narrow them to libvips' 1/8,
    /// 1/4, 1/2 and 1 to compare the two decoders at the same scale.
    var dctScales = Array(1...8)
    /// A progressive JPEG decoded below full size goes through `ProgressiveJPEG`, which keeps
    /// only the coefficients that size reads; false leaves it to libjpeg (tests compare them).
    var decodesProgressiveInSwift = true

    /// The whole photo with its long side at most `longSide` (never enlarged), upright.
    func fitUpright(_ source: PhotoSource, header: PhotoHeader, longSide: Int) throws -> RGBPixels {
        let storedLong = max(header.width, header.height)
        return try withRows(source, header: header, covering: { ceilDiv(storedLong * $0, 8) >= longSide }) { rows in
            let size = RGBPixels.fittedSize(width: rows.width, height: rows.height, longSide: longSide)
            return try UprightResize.resized(&rows, width: size.width, height: size.height, orientation: header.orientation)
        }
    }

    /// The centre of the photo, scaled to cover exactly `width` x `height`, upright.
    func coverTile(_ source: PhotoSource, header: PhotoHeader, width: Int, height: Int) throws -> RGBPixels {
        // Cut in the stored orientation: a sideways photo is cropped to the swapped box.
        let (boxWidth, boxHeight) = header.swapsSides ? (height, width) : (width, height)
        let covers = { (eighths: Int) in
            ceilDiv(header.width * eighths, 8) >= boxWidth && ceilDiv(header.height * eighths, 8) >= boxHeight
        }
        let crop = { (decodedWidth: Int, decodedHeight: Int) -> PixelRect in
            let scale = max(Double(boxWidth) / Double(decodedWidth), Double(boxHeight) / Double(decodedHeight))
            let cropWidth = min(decodedWidth, max(1, Int((Double(boxWidth) / scale).rounded())))
            let cropHeight = min(decodedHeight, max(1, Int((Double(boxHeight) / scale).rounded())))
            return PixelRect(left: (decodedWidth - cropWidth) / 2, top: (decodedHeight - cropHeight) / 2,
                             width: cropWidth, height: cropHeight)
        }
        return try withRows(source, header: header, covering: covers, crop: crop) { rows in
            try UprightResize.resized(&rows, width: boxWidth, height: boxHeight, orientation: header.orientation)
        }
    }

    /// The photo at full size, as stored (green coverage does not depend on the orientation).
    func full(_ source: PhotoSource, header: PhotoHeader) throws -> RGBPixels {
        guard usesLibjpeg(header) else { return try LibvipsDecoder.decode(source) }
        return try source.withBytes { try JPEGDecoder.decode($0, eighths: 8, crop: nil, toTheEnd: true) }
    }

    private func usesLibjpeg(_ header: PhotoHeader) -> Bool {
        header.decodesDirectly && decodesPlainJPEGsWithLibjpeg
    }

    /// Decodes at the smallest scale `covers` accepts (in eighths) and hands `body` the rows, only
    /// those of `crop` (given the decoded size) when given: libjpeg's as it decodes them (only
    /// the crop's columns, none of the rows above or below it; without a crop the rest of the
    /// file is decoded too, so that a truncated one fails), libvips' from its whole buffer.
    private func withRows<Result>(_ source: PhotoSource, header: PhotoHeader, covering covers: (Int) -> Bool,
                                  crop: ((Int, Int) -> PixelRect)? = nil,
                                  _ body: (inout any DecodedRows) throws -> Result) throws -> Result {
        guard usesLibjpeg(header) else {
            let shrink = header.format == .jpeg ? [8, 4, 2].first { covers(8 / $0) } ?? 1 : 1
            let pixels = try LibvipsDecoder.decode(source, jpegShrink: shrink)
            var rows: any DecodedRows = BufferRows(pixels, crop: crop?(pixels.width, pixels.height))
            return try body(&rows)
        }
        let eighths = dctScales.first(where: covers) ?? 8
        // libjpeg's size at M/8 rounds up.
        let rect = crop?(ceilDiv(header.width * eighths, 8), ceilDiv(header.height * eighths, 8))
        return try source.withBytes { bytes in
            let decoder: any JPEGRowSource
            if decodesProgressiveInSwift, let progressive = try ProgressiveJPEG.rows(bytes, eighths: eighths, crop: rect) {
                decoder = progressive
            } else {
                decoder = try JPEGRows(bytes, eighths: eighths, crop: rect)
            }
            let streamed = StreamedJPEGRows(decoder)
            var rows: any DecodedRows = streamed
            let result = try body(&rows)
            if crop == nil { try streamed.finish() }
            return result
        }
    }

    static func scaled(_ side: Int, _ scale: Double) -> Int {
        max(1, Int((Double(side) * scale).rounded()))
    }
}

private func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

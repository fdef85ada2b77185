import Foundation

/// Decodes a probed photo straight to the size a job needs, upright, as 8-bit sRGB in memory.
///
/// Speed comes from decoding less: a JPEG is decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT
/// scaling) whenever that still leaves at least the target size, the residual resize is bicubic,
/// and cropping and resizing happen before rotating, so the rotation touches the fewest pixels.
struct PhotoDecoder: Sendable {
    /// The whole photo with its long side at most `longSide` (never enlarged), in memory but
    /// still in its stored orientation (the tag kept): rotating while encoding costs less than
    /// rotating into another memory copy, and measurements do not need it.
    func fitUnrotated(_ data: Data, header: PhotoHeader, longSide: Int) throws -> VipsImage {
        let storedLong = max(header.width, header.height)
        let shrink = header.format == .jpeg
            ? Self.jpegShrink { ceilDiv(storedLong, $0) >= longSide } : 1
        let source = try VipsImage.decode(data, jpegShrink: shrink)
        let decodedLong = max(source.width, source.height)
        var image = source
        if decodedLong > longSide {
            let scale = Double(longSide) / Double(decodedLong)
            image = try image.resized(horizontally: scale, vertically: scale)
        }
        return try image.srgb8().inMemory()
    }

    /// The centre of the photo, scaled to cover exactly `width` x `height` (upright).
    func cover(_ data: Data, header: PhotoHeader, width: Int, height: Int) throws -> VipsImage {
        // Work in the stored orientation: a sideways photo is cropped to the swapped box.
        let (boxWidth, boxHeight) = header.swapsSides ? (height, width) : (width, height)
        let shrink = header.format == .jpeg
            ? Self.jpegShrink { ceilDiv(header.width, $0) >= boxWidth && ceilDiv(header.height, $0) >= boxHeight }
            : 1
        let source = try VipsImage.decode(data, jpegShrink: shrink)
        let scale = max(Double(boxWidth) / Double(source.width), Double(boxHeight) / Double(source.height))
        let cropWidth = min(source.width, max(1, Int((Double(boxWidth) / scale).rounded())))
        let cropHeight = min(source.height, max(1, Int((Double(boxHeight) / scale).rounded())))
        let centre = try source.cropped(left: (source.width - cropWidth) / 2, top: (source.height - cropHeight) / 2,
                                        width: cropWidth, height: cropHeight)
        let sized = try centre.resized(horizontally: Double(boxWidth) / Double(cropWidth),
                                       vertically: Double(boxHeight) / Double(cropHeight))
        return try Self.finish(sized, orientation: header.orientation)
    }

    /// The full-resolution pixels as 8-bit sRGB (orientation ignored: for measurements).
    func fullResolution(_ data: Data) throws -> VipsImage {
        try VipsImage.decode(data).srgb8()
    }

    /// Converts to sRGB, computes into memory (decode errors surface here), then rotates.
    private static func finish(_ image: VipsImage, orientation: Int) throws -> VipsImage {
        let pixels = try image.srgb8().inMemory()
        guard orientation != 1 else { return pixels }
        return try pixels.upright().inMemory(.processing)
    }

    /// The largest libjpeg scale-down (8, 4, 2) for which `fits` holds, else 1.
    private static func jpegShrink(_ fits: (Int) -> Bool) -> Int {
        [8, 4, 2].first(where: fits) ?? 1
    }
}

private func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

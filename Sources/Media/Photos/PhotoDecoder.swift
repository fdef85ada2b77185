import Foundation

/// Decodes a probed photo straight to the size a job needs, upright, as 8-bit sRGB in memory.
///
/// Speed comes from decoding less: a JPEG is decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT
/// scaling) whenever that still leaves at least the target size; the colours are made 8-bit
/// sRGB first, so the residual resize runs on the shim's fast 8-bit resampler; cropping and
/// resizing happen before rotating, and the rotation happens while the result is copied into
/// memory, so it touches the fewest pixels once.
struct PhotoDecoder: Sendable {
    /// The whole photo with its long side at most `longSide` (never enlarged), upright, in
    /// memory. The pixels are turned upright while they are copied into memory, so rotating
    /// costs no second pass over them.
    func fitUpright(_ source: PhotoSource, header: PhotoHeader, longSide: Int) throws -> VipsImage {
        let storedLong = max(header.width, header.height)
        let shrink = header.format == .jpeg
            ? Self.jpegShrink { ceilDiv(storedLong, $0) >= longSide } : 1
        let decoded = try VipsImage.decode(source, jpegShrink: shrink).srgb8()
        let decodedLong = max(decoded.width, decoded.height)
        guard decodedLong > longSide else { return try decoded.inMemory(upright: true) }
        let scale = Double(longSide) / Double(decodedLong)
        return try decoded.resampled(width: Self.scaled(decoded.width, scale),
                                     height: Self.scaled(decoded.height, scale)).inMemory(upright: true)
    }

    /// `fitUpright` for a plain JPEG (`header.decodesDirectly`), with libjpeg and CPixels alone:
    /// decoded from one buffer at the largest DCT scale that still covers `longSide`, resized,
    /// then turned upright. libvips is never loaded for it.
    func fitUprightDirectly(_ source: PhotoSource, header: PhotoHeader, longSide: Int) throws -> RGBPixels {
        let storedLong = max(header.width, header.height)
        let shrink = Self.jpegShrink { ceilDiv(storedLong, $0) >= longSide }
        // libjpeg's size at 1/shrink rounds up, as ceilDiv does.
        let decodedWidth = ceilDiv(header.width, shrink), decodedHeight = ceilDiv(header.height, shrink)
        let scale = Double(longSide) / Double(max(decodedWidth, decodedHeight))
        let (width, height) = scale < 1
            ? (Self.scaled(decodedWidth, scale), Self.scaled(decodedHeight, scale)) : (decodedWidth, decodedHeight)
        return try source.withBytes {
            try RGBPixels.decodeJPEG($0, scale: shrink, fittingWidth: width, height: height, orientation: header.orientation)
        }
    }

    /// `image` with its long side at most `longSide`.
    func fit(_ image: VipsImage, longSide: Int) throws -> VipsImage {
        let scale = Double(longSide) / Double(max(image.width, image.height))
        guard scale < 1 else { return image }
        return try image.resampled(width: Self.scaled(image.width, scale), height: Self.scaled(image.height, scale))
    }

    /// The centre of the photo, scaled to cover exactly `width` x `height` (upright).
    func cover(_ source: PhotoSource, header: PhotoHeader, width: Int, height: Int) throws -> VipsImage {
        // Work in the stored orientation: a sideways photo is cropped to the swapped box.
        let (boxWidth, boxHeight) = header.swapsSides ? (height, width) : (width, height)
        let shrink = header.format == .jpeg
            ? Self.jpegShrink { ceilDiv(header.width, $0) >= boxWidth && ceilDiv(header.height, $0) >= boxHeight }
            : 1
        let decoded = try VipsImage.decode(source, jpegShrink: shrink)
        let scale = max(Double(boxWidth) / Double(decoded.width), Double(boxHeight) / Double(decoded.height))
        let cropWidth = min(decoded.width, max(1, Int((Double(boxWidth) / scale).rounded())))
        let cropHeight = min(decoded.height, max(1, Int((Double(boxHeight) / scale).rounded())))
        let centre = try decoded.cropped(left: (decoded.width - cropWidth) / 2, top: (decoded.height - cropHeight) / 2,
                                         width: cropWidth, height: cropHeight)
        return try centre.srgb8().resampled(width: boxWidth, height: boxHeight).inMemory(upright: true)
    }

    /// The largest libjpeg scale-down (8, 4, 2) for which `fits` holds, else 1.
    private static func jpegShrink(_ fits: (Int) -> Bool) -> Int {
        [8, 4, 2].first(where: fits) ?? 1
    }

    static func scaled(_ side: Int, _ scale: Double) -> Int {
        max(1, Int((Double(side) * scale).rounded()))
    }
}

private func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

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

    /// The centre of the photo, scaled to cover exactly `width` x `height` (upright): a plain
    /// JPEG (`header.decodesDirectly`) with libjpeg and CPixels alone unless `direct` is false,
    /// anything else through libvips.
    func coverTile(_ source: PhotoSource, header: PhotoHeader, width: Int, height: Int,
                   direct: Bool = true) throws -> CoverTile {
        guard direct && header.decodesDirectly else {
            return .decoded(try cover(source, header: header, width: width, height: height))
        }
        return .direct(try coverDirectly(source, header: header, width: width, height: height))
    }

    /// The centre of the photo, scaled to cover exactly `width` x `height` (upright).
    func cover(_ source: PhotoSource, header: PhotoHeader, width: Int, height: Int) throws -> VipsImage {
        let plan = CoverPlan(header, width: width, height: height)
        let decoded = try VipsImage.decode(source, jpegShrink: plan.shrink)
        let crop = plan.crop(decodedWidth: decoded.width, decodedHeight: decoded.height)
        let centre = try decoded.cropped(left: crop.left, top: crop.top, width: crop.width, height: crop.height)
        return try centre.srgb8().resampled(width: plan.boxWidth, height: plan.boxHeight).inMemory(upright: true)
    }

    /// `cover` for a plain JPEG, with libjpeg and CPixels alone (libvips is never loaded): the
    /// same DCT scale and centre crop, but only the crop's columns and rows are decoded.
    func coverDirectly(_ source: PhotoSource, header: PhotoHeader, width: Int, height: Int) throws -> RGBPixels {
        let plan = CoverPlan(header, width: width, height: height)
        // libjpeg's size at 1/shrink rounds up, as ceilDiv does.
        let crop = plan.crop(decodedWidth: ceilDiv(header.width, plan.shrink), decodedHeight: ceilDiv(header.height, plan.shrink))
        return try source.withBytes {
            try RGBPixels.decodeJPEG($0, scale: plan.shrink, crop: crop, resizedToWidth: plan.boxWidth,
                                     height: plan.boxHeight, orientation: header.orientation)
        }
    }

    /// How a cover tile is cut, in the stored orientation (a sideways photo is cropped to the
    /// swapped box): the DCT scale that still covers the box, and the centred crop.
    private struct CoverPlan {
        let boxWidth: Int, boxHeight: Int, shrink: Int

        init(_ header: PhotoHeader, width: Int, height: Int) {
            (boxWidth, boxHeight) = header.swapsSides ? (height, width) : (width, height)
            let (boxWidth, boxHeight) = (self.boxWidth, self.boxHeight)
            shrink = header.format == .jpeg
                ? PhotoDecoder.jpegShrink { ceilDiv(header.width, $0) >= boxWidth && ceilDiv(header.height, $0) >= boxHeight }
                : 1
        }

        func crop(decodedWidth: Int, decodedHeight: Int) -> (left: Int, top: Int, width: Int, height: Int) {
            let scale = max(Double(boxWidth) / Double(decodedWidth), Double(boxHeight) / Double(decodedHeight))
            let width = min(decodedWidth, max(1, Int((Double(boxWidth) / scale).rounded())))
            let height = min(decodedHeight, max(1, Int((Double(boxHeight) / scale).rounded())))
            return ((decodedWidth - width) / 2, (decodedHeight - height) / 2, width, height)
        }
    }

    /// The largest libjpeg scale-down (8, 4, 2) for which `fits` holds, else 1.
    fileprivate static func jpegShrink(_ fits: (Int) -> Bool) -> Int {
        [8, 4, 2].first(where: fits) ?? 1
    }

    static func scaled(_ side: Int, _ scale: Double) -> Int {
        max(1, Int((Double(side) * scale).rounded()))
    }
}

private func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

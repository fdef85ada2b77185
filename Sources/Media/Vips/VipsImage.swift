import CVips
import Foundation

/// One reference to a libvips image; the reference is released when this object goes away.
///
/// `@unchecked Sendable` is safe because a `VipsImage` is never mutated after it is built:
/// libvips images are immutable once constructed, pixels of memory images are only read, and
/// GObject reference counting is atomic. Nothing draws on one: renderers draw on a
/// `PixelCanvas`, which is not `Sendable`.
final class VipsImage: @unchecked Sendable {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        sg_vips_image_unref(handle)
    }

    var width: Int { Int(sg_vips_width(handle)) }
    var height: Int { Int(sg_vips_height(handle)) }
    var bands: Int { Int(sg_vips_bands(handle)) }
    /// EXIF orientation, 1 (upright) ... 8.
    var orientation: Int { Int(sg_vips_orientation(handle)) }

    /// Wraps one shim call that produces an image; failure reads libvips' error once.
    static func make(
        _ context: String, _ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    ) throws -> VipsImage {
        try make(.processing, context, body)
    }

    static func make(
        _ reason: MediaError.Reason, _ context: String,
        _ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    ) throws -> VipsImage {
        try MediaRuntime.start()
        var out: OpaquePointer?
        let status = body(&out)
        guard status == 0, let out else {
            if let out { sg_vips_image_unref(out) }
            throw MediaRuntime.failure(reason, context)
        }
        return VipsImage(owning: out)
    }

    // MARK: loading

    /// Opens encoded bytes lazily for one sequential read; `jpegShrink` 2/4/8 decodes a JPEG
    /// at 1/2, 1/4, 1/8 size. Decode errors surface later, when pixels are computed.
    static func decode(_ data: Data, jpegShrink: Int = 1) throws -> VipsImage {
        try decode(.bytes(data), jpegShrink: jpegShrink)
    }

    static func decode(_ source: PhotoSource, jpegShrink: Int = 1) throws -> VipsImage {
        switch source {
        case .bytes(let data):
            guard !data.isEmpty else { throw MediaError(.notAnImage, "The file is empty.") }
            return try make(.corrupt, "The image could not be opened") { out in
                data.withUnsafeBytes { raw in
                    sg_vips_load_buffer(raw.baseAddress, raw.count, Int32(jpegShrink), out)
                }
            }
        case .file(let url):
            return try make(.corrupt, "The image could not be opened") { out in
                sg_vips_load_file(url.path, Int32(jpegShrink), out)
            }
        }
    }

    /// An image from interleaved 8-bit (`sixteenBit` false) or 16-bit pixels.
    static func fromPixels<Sample: FixedWidthInteger>(
        _ samples: [Sample], width: Int, height: Int, bands: Int, interpretation: Interpretation
    ) throws -> VipsImage {
        precondition(samples.count == width * height * bands, "pixel count must match the size")
        let format: Int32 = Sample.bitWidth == 16 ? 2 : 0
        return try make(.invalidRequest, "Building an image from pixels failed") { out in
            samples.withUnsafeBytes { raw in
                sg_vips_from_pixels(raw.baseAddress, Int32(width), Int32(height), Int32(bands),
                                    format, interpretation.rawValue, out)
            }
        }
    }

    /// libvips colour interpretations used here (VipsInterpretation values).
    enum Interpretation: Int32 {
        case greyscale = 1, cmyk = 15, srgb = 22, greyscale16 = 26, rgb16 = 25
    }

    // MARK: transforms (lazy)

    func resized(horizontally hscale: Double, vertically vscale: Double) throws -> VipsImage {
        try VipsImage.make("Resizing failed") { sg_vips_resize(handle, hscale, vscale, $0) }
    }

    /// Resized to exactly `width` x `height` with an antialiasing bicubic kernel, streaming.
    /// 8-bit images (all of them once `srgb8()` ran) take the shim's fast resampler.
    func resampled(width: Int, height: Int) throws -> VipsImage {
        guard width != self.width || height != self.height else { return self }
        return try VipsImage.make("Resizing failed") {
            sg_vips_resample(handle, Int32(width), Int32(height), Int32(SG_VIPS_KERNEL_CUBIC), $0)
        }
    }

    func cropped(left: Int, top: Int, width: Int, height: Int) throws -> VipsImage {
        try VipsImage.make("Cropping failed") {
            sg_vips_crop(handle, Int32(left), Int32(top), Int32(width), Int32(height), $0)
        }
    }

    /// Applies the EXIF orientation (a no-op copy for upright images).
    func upright() throws -> VipsImage {
        try VipsImage.make("Rotating upright failed") { sg_vips_autorot(handle, $0) }
    }

    /// 3-band 8-bit sRGB, whatever the source (CMYK, ICC, 16-bit, grey, alpha on white).
    func srgb8() throws -> VipsImage {
        try VipsImage.make(.corrupt, "Converting the colours to sRGB failed") {
            sg_vips_to_srgb8(handle, $0)
        }
    }

    /// Computes the whole pipeline into memory; decode errors of the source surface here.
    /// `upright` applies the EXIF orientation while copying (the result is tagged upright).
    func inMemory(_ reason: MediaError.Reason = .corrupt, upright: Bool = false) throws -> VipsImage {
        let orientation = upright ? Int32(self.orientation) : 1
        return try VipsImage.make(reason, "Decoding the image failed") {
            sg_vips_copy_memory_upright(handle, orientation, $0)
        }
    }

    func settingInteger(_ name: String, to value: Int) throws -> VipsImage {
        try VipsImage.make("Setting \(name) failed") { sg_vips_with_int(handle, name, Int32(value), $0) }
    }

    func converted(to interpretation: Interpretation) throws -> VipsImage {
        try VipsImage.make("Converting the colour space failed") {
            sg_vips_colourspace(handle, interpretation.rawValue, $0)
        }
    }

    /// Converts into an ICC profile (file or built-in "srgb", "p3", "cmyk") and embeds it.
    func convertedToProfile(_ profile: String) throws -> VipsImage {
        try VipsImage.make("Converting to the \(profile) profile failed") { sg_vips_icc_transform(handle, profile, $0) }
    }

    // MARK: output

    /// Baseline 4:2:0 JPEG with every metadata block stripped.
    func jpeg(quality: Int) throws -> Data {
        try VipsBytes.produce(.processing, "Encoding the JPEG failed") {
            sg_vips_save_jpeg(handle, Int32(quality), $0, $1)
        }
    }

    /// Encodes in the format of `suffix` (".png", ".webp", ".heic[compression=av1]", ...).
    func encoded(as suffix: String) throws -> Data {
        try VipsBytes.produce(.processing, "Encoding as \(suffix) failed") {
            sg_vips_save_buffer(handle, suffix, $0, $1)
        }
    }

    /// Raw interleaved pixels, row by row.
    func pixels() throws -> Data {
        try VipsBytes.produce(.corrupt, "Reading the pixels failed") { sg_vips_pixels(handle, $0, $1) }
    }

    // MARK: text

    /// A one-band coverage mask of `text` in `font` at `pixelSize` px (plain text, not markup).
    static func textMask(_ text: String, font: FontFace, pixelSize: Int, maxWidth: Int = 0) throws -> VipsImage {
        try make(.fontsMissing, "Rendering a caption failed") {
            sg_vips_text_mask(text, font.path, font.family, Int32(pixelSize), Int32(maxWidth), $0)
        }
    }
}

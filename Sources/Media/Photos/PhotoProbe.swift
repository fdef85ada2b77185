import CJpeg
import CVips
package import Foundation

/// Checks an uploaded file from its header before anything is decoded: size limits, format,
/// animation. Truncated pixel data can only show while decoding; `PhotoIngest` reports that
/// with the same `.corrupt` reason.
public struct PhotoProbe: Sendable {
    /// Larger than any phone camera (a 48 MP sensor saves 12 MP by default).
    public var maxPixels: Int
    /// Telegram's getFile limit.
    public var maxBytes: Int

    public init(maxPixels: Int = 40_000_000, maxBytes: Int = 20 * 1024 * 1024) {
        self.maxPixels = maxPixels
        self.maxBytes = maxBytes
    }

    /// The header of an acceptable still photo, or a `MediaError` saying why it is refused.
    package func inspect(_ data: Data) throws -> PhotoHeader {
        try inspect(.bytes(data))
    }

    /// The header of an acceptable still photo in `source`, or a `MediaError` saying why not.
    package func inspect(_ source: PhotoSource) throws -> PhotoHeader {
        try checkSize(try source.byteCount())
        if let header = try inspectJPEG(source) {
            try check(header)
            return header
        }
        try MediaRuntime.start()
        var raw = sg_vips_header()
        let status: Int32
        switch source {
        case .bytes(let data):
            status = data.withUnsafeBytes { sg_vips_probe($0.baseAddress, $0.count, nil, &raw) }
        case .file(let url):
            status = sg_vips_probe(nil, 0, url.path, &raw)
        }
        let loader = withUnsafeBytes(of: raw.loader) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if status == Int32(SG_VIPS_UNKNOWN_FORMAT) {
            _ = MediaRuntime.failure(.notAnImage, "")  // clears libvips' "not a known format"
            throw MediaError(.notAnImage, "The file is not an image.")
        }
        guard let format = PhotoFormat(loader: loader) else {
            if status != 0 { _ = MediaRuntime.failure(.unsupportedFormat, "") }
            throw MediaError(.unsupportedFormat, "The image format (\(loader)) is not one the diary takes.")
        }
        guard status == 0 else { throw MediaRuntime.failure(.corrupt, "The image header is damaged") }
        let header = PhotoHeader(
            format: format, width: Int(raw.width), height: Int(raw.height),
            orientation: (1...8).contains(raw.orientation) ? Int(raw.orientation) : 1,
            pageCount: max(1, Int(raw.page_count)),
            hasAlpha: raw.has_alpha != 0, hasColourProfile: raw.has_icc_profile != 0)
        try check(header)
        return header
    }

    /// The header of a JPEG read with libjpeg (no libvips), or nil for anything else, including
    /// a JPEG whose header libjpeg cannot read: libvips then gives the verdict, as for any file.
    private func inspectJPEG(_ source: PhotoSource) throws -> PhotoHeader? {
        var info = sg_jpeg_info()
        var error = [CChar](repeating: 0, count: 8)
        let (status, metadata) = try source.withBytes { bytes in
            (sg_jpeg_probe(bytes.baseAddress, bytes.count, &info, &error, error.count), JPEGMetadata(jpeg: bytes))
        }
        guard status == SG_JPEG_OK else { return nil }
        let plainColours = [SG_JPEG_COLOUR_YCBCR, SG_JPEG_COLOUR_RGB, SG_JPEG_COLOUR_GREY].map(Int32.init)
        return PhotoHeader(
            format: .jpeg, width: Int(info.width), height: Int(info.height), orientation: metadata.orientation,
            pageCount: 1, hasAlpha: false, hasColourProfile: metadata.hasColourProfile,
            decodesDirectly: plainColours.contains(info.colour) && !metadata.hasColourProfile)
    }

    private func checkSize(_ bytes: Int) throws {
        guard bytes > 0 else { throw MediaError(.notAnImage, "The file is empty.") }
        guard bytes <= maxBytes else {
            throw MediaError(.fileTooLarge,
                             "The file has \(bytes) bytes, more than the \(maxBytes) allowed.")
        }
    }

    private func check(_ header: PhotoHeader) throws {
        guard header.width > 0, header.height > 0 else {
            throw MediaError(.corrupt, "The image header gives no size.")
        }
        guard header.pixelCount <= maxPixels else {
            throw MediaError(.tooManyPixels,
                             "The image is \(header.width)x\(header.height) pixels, more than \(maxPixels / 1_000_000) megapixels.")
        }
        // Multi-page TIFF and HEIF files hold stills (the first/primary one is used), but
        // several GIF or WebP frames are an animation.
        if header.pageCount > 1 && (header.format == .gif || header.format == .webp) {
            throw MediaError(.animated, "The image is an animation with \(header.pageCount) frames.")
        }
    }
}

extension PhotoSource {
    /// The encoded size; a file that cannot be read is a request error, not a bad photo.
    func byteCount() throws -> Int {
        switch self {
        case .bytes(let data):
            return data.count
        case .file(let url):
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                  (attributes[.type] as? FileAttributeType) == .typeRegular,
                  let size = attributes[.size] as? NSNumber else {
                throw MediaError(.invalidRequest, "Cannot read \(url.path).")
            }
            return size.intValue
        }
    }
}

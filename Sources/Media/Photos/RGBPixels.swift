import CJpeg
import CPixels
import Foundation

/// Interleaved 8-bit RGB pixels in a buffer this object owns: the direct JPEG path's image.
/// Everything here runs on the calling thread and never loads libvips.
///
/// `@unchecked Sendable` is safe because the buffer is written only while the object is being
/// made (by the decoder or a transform that returns a new object) and only read afterwards.
final class RGBPixels: @unchecked Sendable {
    let width: Int
    let height: Int
    /// `width * 3` bytes per line, lines one after another.
    let bytes: UnsafeMutablePointer<UInt8>
    var stride: Int { width * 3 }

    /// Takes over `bytes`, a `malloc`'d buffer of `width * height * 3` bytes.
    private init(width: Int, height: Int, owning bytes: UnsafeMutablePointer<UInt8>) {
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    deinit {
        free(bytes)
    }

    private static func allocate(width: Int, height: Int) throws -> RGBPixels {
        guard width > 0, height > 0, let raw = malloc(width * height * 3) else {
            throw MediaError(.processing, "There is not enough memory for a \(width)x\(height) image.")
        }
        return RGBPixels(width: width, height: height, owning: raw.assumingMemoryBound(to: UInt8.self))
    }

    /// Decodes a JPEG (not CMYK) at 1/`scale` size, resized to `width` x `height` (stored
    /// orientation) and turned upright as EXIF `orientation` says, streaming (CJpeg): only a
    /// window of decoded rows is ever held.
    static func decodeJPEG(_ encoded: UnsafeRawBufferPointer, scale: Int, fittingWidth width: Int, height: Int,
                           orientation: Int) throws -> RGBPixels {
        try decoded { pixels, uprightWidth, uprightHeight, error, size in
            sg_jpeg_decode_fit_upright(encoded.baseAddress, encoded.count, Int32(scale), Int32(width), Int32(height),
                                       Int32(orientation), pixels, uprightWidth, uprightHeight, error, size)
        }
    }

    /// The `crop` of a JPEG decoded at 1/`scale` size, resized to `width` x `height` (stored
    /// orientation) and turned upright; rows below the crop are never decoded (CJpeg).
    static func decodeJPEG(_ encoded: UnsafeRawBufferPointer, scale: Int,
                           crop: (left: Int, top: Int, width: Int, height: Int),
                           resizedToWidth width: Int, height: Int, orientation: Int) throws -> RGBPixels {
        try decoded { pixels, uprightWidth, uprightHeight, error, size in
            sg_jpeg_decode_cover_upright(encoded.baseAddress, encoded.count, Int32(scale),
                                         Int32(crop.left), Int32(crop.top), Int32(crop.width), Int32(crop.height),
                                         Int32(width), Int32(height), Int32(orientation),
                                         pixels, uprightWidth, uprightHeight, error, size)
        }
    }

    /// Runs one CJpeg decode call and takes over the buffer it returns.
    private static func decoded(
        _ call: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int32>,
                 UnsafeMutablePointer<Int32>, UnsafeMutablePointer<CChar>, Int) -> Int32
    ) throws -> RGBPixels {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        let failure = JPEGFailure()
        let status = failure.capture { call(&pixels, &width, &height, $0, $1) }
        guard status == SG_JPEG_OK, let pixels else {
            throw MediaError(.corrupt, "Decoding the image failed (\(failure.message)).")
        }
        return RGBPixels(width: Int(width), height: Int(height), owning: pixels)
    }

    /// Resized to exactly `width` x `height` with the antialiasing bicubic kernel the libvips
    /// path uses (CPixels), in one pass over the whole buffer.
    func resampled(width: Int, height: Int) throws -> RGBPixels {
        guard width != self.width || height != self.height else { return self }
        guard let resampler = sg_px_resampler_new(Int32(self.width), Int32(self.height), Int32(width), Int32(height),
                                                  3, Int32(SG_PX_KERNEL_CUBIC)) else {
            throw MediaError(.processing, "Resizing to \(width)x\(height) failed.")
        }
        defer { sg_px_resampler_free(resampler) }
        let output = try RGBPixels.allocate(width: width, height: height)
        guard sg_px_resample(resampler, bytes, stride, output.bytes, output.stride,
                             0, Int32(width), 0, Int32(height)) == 0 else {
            throw MediaError(.processing, "Resizing to \(width)x\(height) failed (out of memory).")
        }
        return output
    }

    /// With its long side at most `longSide` (never enlarged).
    func fitted(longSide: Int) throws -> RGBPixels {
        let scale = Double(longSide) / Double(max(width, height))
        guard scale < 1 else { return self }
        return try resampled(width: PhotoDecoder.scaled(width, scale), height: PhotoDecoder.scaled(height, scale))
    }

    /// Baseline 4:2:0 JPEG carrying no metadata at all.
    func jpeg(quality: Int) throws -> Data {
        try Self.encodeJPEG(bytes, width: width, height: height, stride: stride, quality: quality)
    }

    /// Encodes 8-bit RGB lines `stride` bytes apart as a baseline 4:2:0 JPEG without metadata
    /// (libjpeg); `PixelCanvas` encodes its buffer through here too.
    static func encodeJPEG(_ bytes: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int,
                           quality: Int) throws -> Data {
        var encoded: UnsafeMutablePointer<UInt8>?
        var length = 0
        let failure = JPEGFailure()
        let status = failure.capture { error, size in
            sg_jpeg_encode_rgb(bytes, Int32(width), Int32(height), stride, Int32(quality), &encoded, &length, error, size)
        }
        guard status == SG_JPEG_OK, let encoded else {
            throw MediaError(.processing, "Encoding the JPEG failed (\(failure.message)).")
        }
        return Data(bytesNoCopy: encoded, count: length, deallocator: .custom { pointer, _ in sg_jpeg_free(pointer) })
    }

    /// Pixels whose excess-green index 2G − R − B is above `threshold`.
    func greenCount(threshold: Int) -> UInt64 {
        var green: UInt64 = 0
        for line in 0..<height {
            green += sg_px_count_green(bytes + line * stride, Int32(width), 3, Int32(threshold))
        }
        return green
    }
}

/// The sentence CJpeg writes when a call fails.
private final class JPEGFailure {
    private var buffer = [CChar](repeating: 0, count: 256)

    func capture(_ call: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> Int32 {
        buffer.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count) }
    }

    var message: String {
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return text.isEmpty ? "libjpeg gave no reason" : text
    }
}

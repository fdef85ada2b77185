import CJpeg
import CPixels
import Foundation

/// Interleaved 8-bit sRGB pixels in a buffer this object owns: the one image type every photo
/// job works on. A decoder (libjpeg or libvips) fills one; resizing, turning upright, green
/// counting and encoding then take the same path whatever the photo was.
///
/// `@unchecked Sendable` is safe because the buffer is written only while the object is being
/// made (by a decoder or a transform that returns a new object) and only read afterwards.
final class RGBPixels: @unchecked Sendable {
    let width: Int
    let height: Int
    /// `width * 3` bytes per line, lines one after another.
    let bytes: UnsafeMutablePointer<UInt8>
    private let release: @Sendable (UnsafeMutablePointer<UInt8>) -> Void
    var stride: Int { width * 3 }

    /// Takes over `bytes` (`width * height * 3` of them), freed by `release`.
    init(width: Int, height: Int, owning bytes: UnsafeMutablePointer<UInt8>,
         release: @escaping @Sendable (UnsafeMutablePointer<UInt8>) -> Void = { free($0) }) {
        self.width = width
        self.height = height
        self.bytes = bytes
        self.release = release
    }

    deinit {
        release(bytes)
    }

    static func allocate(width: Int, height: Int) throws -> RGBPixels {
        guard width > 0, height > 0, let raw = malloc(width * height * 3) else {
            throw MediaError(.processing, "There is not enough memory for a \(width)x\(height) image.")
        }
        return RGBPixels(width: width, height: height, owning: raw.assumingMemoryBound(to: UInt8.self))
    }

    /// The rectangle `crop` (the whole image when nil) resized to exactly `width` x `height` with
    /// the antialiasing cubic kernel (CPixels), in one pass.
    func resampled(crop: PixelRect? = nil, width: Int, height: Int) throws -> RGBPixels {
        let crop = crop ?? PixelRect(left: 0, top: 0, width: self.width, height: self.height)
        guard crop.left >= 0, crop.top >= 0, crop.width > 0, crop.height > 0,
              crop.left + crop.width <= self.width, crop.top + crop.height <= self.height else {
            throw MediaError(.processing, "Cropping to \(crop) failed (outside the \(self.width)x\(self.height) image).")
        }
        let source = bytes + crop.top * stride + crop.left * 3
        guard crop.width != width || crop.height != height else {
            return try copied(from: source, width: width, height: height)
        }
        guard let resampler = sg_px_resampler_new(Int32(crop.width), Int32(crop.height), Int32(width), Int32(height), 3) else {
            throw MediaError(.processing, "Resizing to \(width)x\(height) failed.")
        }
        defer { sg_px_resampler_free(resampler) }
        let output = try RGBPixels.allocate(width: width, height: height)
        guard sg_px_resample(resampler, source, stride, output.bytes, output.stride,
                             0, Int32(width), 0, Int32(height)) == 0 else {
            throw MediaError(.processing, "Resizing to \(width)x\(height) failed (out of memory).")
        }
        return output
    }

    private func copied(from source: UnsafePointer<UInt8>, width: Int, height: Int) throws -> RGBPixels {
        if source == bytes && width == self.width && height == self.height { return self }
        let output = try RGBPixels.allocate(width: width, height: height)
        for line in 0..<height {
            (output.bytes + line * output.stride).update(from: source + line * stride, count: output.stride)
        }
        return output
    }

    /// With its long side at most `longSide` (never enlarged).
    func fitted(longSide: Int) throws -> RGBPixels {
        let (fittedWidth, fittedHeight) = Self.fittedSize(width: width, height: height, longSide: longSide)
        guard fittedWidth != width || fittedHeight != height else { return self }
        return try resampled(width: fittedWidth, height: fittedHeight)
    }

    /// The size with the long side at most `longSide`, the aspect kept (never enlarged).
    static func fittedSize(width: Int, height: Int, longSide: Int) -> (width: Int, height: Int) {
        let scale = Double(longSide) / Double(max(width, height))
        guard scale < 1 else { return (width, height) }
        return (PhotoDecoder.scaled(width, scale), PhotoDecoder.scaled(height, scale))
    }

    /// Placed as EXIF `orientation` (1...8) says (see `UprightPlacement`); 1 returns the image itself.
    func upright(_ orientation: Int) throws -> RGBPixels {
        let placement = UprightPlacement(orientation: orientation, width: width, height: height)
        guard !placement.isIdentity else { return self }
        let output = try RGBPixels.allocate(width: placement.outputWidth, height: placement.outputHeight)
        placement.place(bytes, stride: stride, firstRow: 0, rows: height, into: output)
        return output
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
        return Data(bytesNoCopy: encoded, count: length, deallocator: .free)
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

/// A rectangle of pixels.
struct PixelRect: Sendable, Equatable, CustomStringConvertible {
    let left: Int, top: Int, width: Int, height: Int
    var description: String { "\(width)x\(height) at (\(left), \(top))" }
}

/// The sentence CJpeg writes when a call fails.
final class JPEGFailure {
    private var buffer = [CChar](repeating: 0, count: 256)

    func capture(_ call: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> Int32 {
        buffer.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count) }
    }

    var message: String {
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return text.isEmpty ? "libjpeg gave no reason" : text
    }
}

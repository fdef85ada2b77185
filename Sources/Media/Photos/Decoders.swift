import CJpeg
import CVips
import Foundation

/// libjpeg for plain JPEGs: decoded from one buffer (a file is mapped), which keeps its Huffman
/// decoder on the fast path, and without loading libvips.
enum JPEGDecoder {
    /// The JPEG at `eighths`/8 size, only `crop` of it when given (nil: all), whole in memory;
    /// `toTheEnd` decodes the rows below the crop too, so that a truncated file fails.
    static func decode(_ encoded: UnsafeRawBufferPointer, eighths: Int, crop: PixelRect?,
                       toTheEnd: Bool) throws -> RGBPixels {
        let rows = try JPEGRows(encoded, eighths: eighths, crop: crop)
        let pixels = try RGBPixels.allocate(width: rows.width, height: rows.height)
        try rows.read(into: pixels.bytes, stride: pixels.stride, count: rows.height)
        if toTheEnd { try rows.finish() }
        return pixels
    }
}

/// A libjpeg decode in progress, its rows read top to bottom, so that a caller can consume them
/// as they come. `encoded` must stay valid while the object lives.
final class JPEGRows: JPEGRowSource {
    let width: Int
    let height: Int
    private let reader: OpaquePointer
    private let failure: JPEGFailure

    init(_ encoded: UnsafeRawBufferPointer, eighths: Int, crop: PixelRect?) throws {
        let failure = JPEGFailure()
        var reader: OpaquePointer?
        var width: Int32 = 0
        var height: Int32 = 0
        var rect = crop.map { sg_jpeg_crop(left: Int32($0.left), top: Int32($0.top), width: Int32($0.width), height: Int32($0.height)) }
        let status = failure.capture { error, size in
            withUnsafePointer(to: &rect) { optional in
                let pointer = crop == nil ? nil : UnsafeRawPointer(optional).assumingMemoryBound(to: sg_jpeg_crop.self)
                return sg_jpeg_reader_open(encoded.baseAddress, encoded.count, Int32(eighths), pointer,
                                           &reader, &width, &height, error, size)
            }
        }
        guard status == SG_JPEG_OK, let reader else { throw Self.decodingFailed(failure) }
        self.failure = failure
        self.reader = reader
        self.width = Int(width)
        self.height = Int(height)
    }

    deinit {
        sg_jpeg_reader_free(reader)
    }

    /// The next `count` rows into `pixels`, lines `stride` bytes apart.
    func read(into pixels: UnsafeMutablePointer<UInt8>, stride: Int, count: Int) throws {
        let status = failure.capture { sg_jpeg_reader_read(reader, pixels, stride, Int32(count), $0, $1) }
        guard status == SG_JPEG_OK else { throw Self.decodingFailed(failure) }
    }

    /// Decodes the rest of the file (never kept), so that a truncated one fails.
    func finish() throws {
        guard failure.capture({ sg_jpeg_reader_finish(reader, $0, $1) }) == SG_JPEG_OK else { throw Self.decodingFailed(failure) }
    }

    private static func decodingFailed(_ failure: JPEGFailure) -> MediaError {
        MediaError(.corrupt, "Decoding the image failed (\(failure.message)).")
    }
}

/// libvips for every other photo: colour management (ICC profiles, CMYK), PNG, HEIC, WebP,
/// AVIF, TIFF, GIF, all made 8-bit sRGB.
enum LibvipsDecoder {
    static func decode(_ source: PhotoSource, jpegShrink: Int = 1) throws -> RGBPixels {
        try MediaRuntime.start()
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        let status: Int32
        switch source {
        case .bytes(let data):
            guard !data.isEmpty else { throw MediaError(.notAnImage, "The file is empty.") }
            status = data.withUnsafeBytes {
                sg_vips_decode_rgb($0.baseAddress, $0.count, nil, Int32(jpegShrink), &pixels, &width, &height)
            }
        case .file(let url):
            status = sg_vips_decode_rgb(nil, 0, url.path, Int32(jpegShrink), &pixels, &width, &height)
        }
        guard status == 0, let pixels else {
            sg_vips_free(pixels)
            throw MediaRuntime.failure(.corrupt, "Decoding the image failed")
        }
        return RGBPixels(width: Int(width), height: Int(height), owning: pixels, release: { sg_vips_free($0) })
    }
}

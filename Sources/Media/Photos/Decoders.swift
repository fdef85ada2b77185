import CJpeg
import CVips
import Foundation

/// libjpeg for plain JPEGs: decoded from one buffer (a file is mapped), which keeps its Huffman
/// decoder on the fast path, and without loading libvips.
enum JPEGDecoder {
    /// The JPEG at `eighths`/8 size, only `crop` of it when given (nil: all); `toTheEnd` decodes
    /// the rows below the crop too, so that a truncated file fails.
    static func decode(_ encoded: UnsafeRawBufferPointer, eighths: Int, crop: PixelRect?,
                       toTheEnd: Bool) throws -> RGBPixels {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        var rect = crop.map { sg_jpeg_crop(left: Int32($0.left), top: Int32($0.top), width: Int32($0.width), height: Int32($0.height)) }
        let failure = JPEGFailure()
        let status = failure.capture { error, size in
            withUnsafePointer(to: &rect) { optional in
                let pointer = crop == nil ? nil : UnsafeRawPointer(optional).assumingMemoryBound(to: sg_jpeg_crop.self)
                return sg_jpeg_decode(encoded.baseAddress, encoded.count, Int32(eighths), pointer, toTheEnd ? 1 : 0,
                                      &pixels, &width, &height, error, size)
            }
        }
        guard status == SG_JPEG_OK, let pixels else {
            throw MediaError(.corrupt, "Decoding the image failed (\(failure.message)).")
        }
        return RGBPixels(width: Int(width), height: Int(height), owning: pixels)
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

import CVips
import Foundation

/// The share of plant-green pixels in a photo: pixels whose excess-green index 2G − R − B is
/// above a threshold, on 8-bit sRGB values. Soil, trays and white walls score near 0 on this
/// index; leaves and cotyledons well above 40.
public struct GreenCoverage: Sendable {
    public static let defaultThreshold = 40
    public let threshold: Int
    private let probe: PhotoProbe

    public init(threshold: Int = GreenCoverage.defaultThreshold, probe: PhotoProbe = PhotoProbe()) {
        self.threshold = threshold
        self.probe = probe
    }

    /// The share (0...1) on the full-resolution pixels of an encoded image.
    public func share(ofEncoded data: Data) throws -> Double {
        try share(of: .bytes(data))
    }

    /// The share (0...1) on the full-resolution pixels of the photo in `source`.
    public func share(of source: PhotoSource) throws -> Double {
        let header = try probe.inspect(source)
        if header.decodesDirectly {
            // Full size, as stored: the orientation does not change the share.
            return share(of: try source.withBytes {
                try RGBPixels.decodeJPEG($0, scale: 1, fittingWidth: header.width, height: header.height, orientation: 1)
            })
        }
        return try share(of: VipsImage.decode(source))
    }

    /// The share on pixels already decoded by the direct JPEG path.
    func share(of pixels: RGBPixels) -> Double {
        let total = pixels.width * pixels.height
        return total == 0 ? 0 : Double(pixels.greenCount(threshold: threshold)) / Double(total)
    }

    /// The share on an image (converted to 8-bit sRGB first when it is not already).
    func share(of image: VipsImage) throws -> Double {
        var green: UInt64 = 0
        var total: UInt64 = 0
        guard sg_vips_green_count(image.handle, Int32(threshold), &green, &total) == 0 else {
            throw MediaRuntime.failure(.corrupt, "Measuring the green share failed")
        }
        return total == 0 ? 0 : Double(green) / Double(total)
    }
}

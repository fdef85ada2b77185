public import Foundation

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
        share(of: try PhotoDecoder().full(source, header: try probe.inspect(source)))
    }

    /// The share on decoded pixels.
    func share(of pixels: RGBPixels) -> Double {
        let total = pixels.width * pixels.height
        return total == 0 ? 0 : Double(pixels.greenCount(threshold: threshold)) / Double(total)
    }
}

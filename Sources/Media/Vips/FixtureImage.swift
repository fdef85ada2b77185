import CPixels
import CVips
import Foundation

/// An image made from pixels and encoded by libvips in any format it writes (PNG, 16-bit,
/// CMYK, an ICC profile, an EXIF orientation, GIF frames): test fixtures, never a photo path.
struct FixtureImage: Sendable {
    /// libvips colour interpretations used here (VipsInterpretation values).
    enum Interpretation: Int32, Sendable {
        case greyscale = 1, cmyk = 15, srgb = 22, greyscale16 = 26, rgb16 = 25
    }

    let width: Int
    let height: Int
    let bands: Int
    private let samples: Data
    private let sixteenBit: Bool
    private let interpretation: Interpretation
    private var convertTo: Interpretation?
    private var profile: String?
    private var integers: [String: Int] = [:]

    private init(samples: Data, sixteenBit: Bool, width: Int, height: Int, bands: Int, interpretation: Interpretation) {
        self.samples = samples
        self.sixteenBit = sixteenBit
        self.width = width
        self.height = height
        self.bands = bands
        self.interpretation = interpretation
    }

    /// Interleaved 8-bit or 16-bit samples.
    static func fromPixels<Sample: FixedWidthInteger>(
        _ samples: [Sample], width: Int, height: Int, bands: Int, interpretation: Interpretation
    ) throws -> FixtureImage {
        guard samples.count == width * height * bands else {
            throw MediaError(.invalidRequest, "The pixel count does not match the size.")
        }
        return FixtureImage(samples: samples.withUnsafeBytes { Data($0) }, sixteenBit: Sample.bitWidth == 16,
                            width: width, height: height, bands: bands, interpretation: interpretation)
    }

    /// Converted to another interpretation (e.g. CMYK) when encoded.
    func converted(to interpretation: Interpretation) -> FixtureImage {
        var copy = self
        copy.convertTo = interpretation
        return copy
    }

    /// Converted into an ICC profile (a file or "srgb", "p3", "cmyk") and embedding it.
    func convertedToProfile(_ profile: String) -> FixtureImage {
        var copy = self
        copy.profile = profile
        return copy
    }

    /// With "orientation" or "page-height" set.
    func settingInteger(_ name: String, to value: Int) -> FixtureImage {
        var copy = self
        copy.integers[name] = value
        return copy
    }

    /// Resized by the pipeline's resampler (8-bit RGB only).
    func resampled(width: Int, height: Int) throws -> FixtureImage {
        guard !sixteenBit, bands == 3, let memory = malloc(samples.count)?.assumingMemoryBound(to: UInt8.self) else {
            throw MediaError(.invalidRequest, "Only 8-bit RGB fixtures are resampled.")
        }
        samples.copyBytes(to: memory, count: samples.count)
        let resized = try RGBPixels(width: self.width, height: self.height, owning: memory).resampled(width: width, height: height)
        let bytes = Data(bytes: resized.bytes, count: width * height * 3)
        var copy = FixtureImage(samples: bytes, sixteenBit: false, width: width, height: height, bands: 3,
                                interpretation: interpretation)
        copy.convertTo = convertTo
        copy.profile = profile
        copy.integers = integers
        return copy
    }

    /// Encoded as `suffix` says (".png", ".jpg[Q=90]", ".gif", ".heic").
    func encoded(as suffix: String) throws -> Data {
        try MediaRuntime.start()
        var data: UnsafeMutableRawPointer?
        var length = 0
        let status = samples.withUnsafeBytes { raw in
            sg_vips_encode_fixture(raw.baseAddress, Int32(width), Int32(height), Int32(bands), sixteenBit ? 1 : 0,
                                   interpretation.rawValue, convertTo?.rawValue ?? 0, profile,
                                   Int32(integers["orientation"] ?? 0), Int32(integers["page-height"] ?? 0),
                                   suffix, &data, &length)
        }
        guard status == 0, let data else {
            sg_vips_free(data)
            throw MediaRuntime.failure(.processing, "Encoding as \(suffix) failed")
        }
        defer { sg_vips_free(data) }
        return Data(bytes: data, count: length)
    }

    /// Baseline JPEG at `quality`.
    func jpeg(quality: Int) throws -> Data {
        try encoded(as: ".jpg[Q=\(quality)]")
    }
}

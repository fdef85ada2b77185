public import Foundation

/// A normalised photo, ready to store: upright sRGB JPEGs without any metadata.
public struct IngestedPhoto: Sendable {
    /// The stored photo (long side ≤ 1600 px, Q85, 4:2:0, baseline).
    public let main: Data
    /// A small preview (long side 320 px, Q80).
    public let thumbnail: Data
    public let width: Int
    public let height: Int
    let thumbnailWidth: Int
    let thumbnailHeight: Int
    /// Share (0...1) of plant-green pixels in the stored photo, see `GreenCoverage`.
    public let greenCoverage: Double
    /// SHA-256 of `main`: its key in a `BlobStore`.
    public let key: BlobKey
    /// The format the user sent.
    public let sourceFormat: PhotoFormat
}

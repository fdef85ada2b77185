public import Foundation

/// Turns an uploaded image into the photo the diary stores: checked from its header first,
/// then decoded once at the needed size, made upright, converted to sRGB, stripped of all
/// metadata (EXIF, GPS, XMP, IPTC, ICC), and encoded with a thumbnail.
///
/// Synchronous and CPU-heavy: in the service, call it through `MediaWorkers`.
public struct PhotoIngest: Sendable {
    public let settings: IngestSettings
    public let probe: PhotoProbe
    private let greenCoverage: GreenCoverage
    /// libjpeg for plain JPEGs, libvips for the rest; one path after decoding.
    var decoder = PhotoDecoder()

    public init(settings: IngestSettings = IngestSettings(), probe: PhotoProbe = PhotoProbe(),
                greenCoverage: GreenCoverage = GreenCoverage()) {
        self.settings = settings
        self.probe = probe
        self.greenCoverage = greenCoverage
    }

    /// Normalises `data`, or throws a `MediaError` whose reason says what to send instead.
    public func ingest(_ data: Data) throws -> IngestedPhoto {
        try ingest(.bytes(data))
    }

    /// Normalises the photo in `source` (bytes or a file), or throws a `MediaError`: decoded
    /// once at the size that still covers the stored one, resized, turned upright, encoded
    /// (Q85 main, Q80 thumbnail, no metadata), its green share counted on the stored pixels.
    public func ingest(_ source: PhotoSource) throws -> IngestedPhoto {
        let header = try probe.inspect(source)
        let main = try decoder.fitUpright(source, header: header, longSide: settings.mainLongSide)
        let mainJPEG = try main.jpeg(quality: settings.mainQuality)
        let thumbnail = try main.fitted(longSide: settings.thumbnailLongSide)
        let thumbnailJPEG = try thumbnail.jpeg(quality: settings.thumbnailQuality)
        return IngestedPhoto(
            main: mainJPEG, thumbnail: thumbnailJPEG,
            width: main.width, height: main.height,
            thumbnailWidth: thumbnail.width, thumbnailHeight: thumbnail.height,
            // Measured on the stored (≤ 1600 px) pixels: the share of a downsized photo differs
            // from the full-size one by well under a percent point.
            greenCoverage: greenCoverage.share(of: main),
            key: BlobKey.of(mainJPEG), sourceFormat: header.format)
    }
}

import Foundation

/// Turns an uploaded image into the photo the diary stores: checked from its header first,
/// then decoded once at the needed size, made upright, converted to sRGB, stripped of all
/// metadata (EXIF, GPS, XMP, IPTC, ICC), and encoded with a thumbnail.
///
/// Synchronous and CPU-heavy: in the service, call it through `MediaWorkers`.
public struct PhotoIngest: Sendable {
    public let settings: IngestSettings
    public let probe: PhotoProbe
    private let greenCoverage: GreenCoverage
    private let decoder = PhotoDecoder()

    public init(settings: IngestSettings = IngestSettings(), probe: PhotoProbe = PhotoProbe(),
                greenCoverage: GreenCoverage = GreenCoverage()) {
        self.settings = settings
        self.probe = probe
        self.greenCoverage = greenCoverage
    }

    /// Normalises `data`, or throws a `MediaError` whose reason says what to send instead.
    public func ingest(_ data: Data) throws -> IngestedPhoto {
        let header = try probe.inspect(data)
        let stored = try decoder.fitUnrotated(data, header: header, longSide: settings.mainLongSide)
        let main = try stored.upright()
        let mainJPEG = try main.jpeg(quality: settings.mainQuality)
        let scale = Double(settings.thumbnailLongSide) / Double(max(stored.width, stored.height))
        let thumbnail = try (scale < 1 ? stored.resized(horizontally: scale, vertically: scale) : stored).upright()
        let thumbnailJPEG = try thumbnail.jpeg(quality: settings.thumbnailQuality)
        return IngestedPhoto(
            main: mainJPEG, thumbnail: thumbnailJPEG,
            width: main.width, height: main.height,
            thumbnailWidth: thumbnail.width, thumbnailHeight: thumbnail.height,
            greenCoverage: try greenCoverage.share(of: stored),
            key: BlobKey.of(mainJPEG), sourceFormat: header.format)
    }
}

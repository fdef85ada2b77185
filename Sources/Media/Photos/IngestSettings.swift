/// How uploaded photos are normalised before they are stored.
public struct IngestSettings: Sendable, Equatable {
    /// Long side of the stored photo (smaller photos are never enlarged).
    var mainLongSide = 1600
    var mainQuality = 85
    var thumbnailLongSide = 320
    var thumbnailQuality = 80

    public init() {}
}

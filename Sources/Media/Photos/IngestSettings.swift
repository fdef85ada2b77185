/// How uploaded photos are normalised before they are stored.
public struct IngestSettings: Sendable, Equatable {
    /// Long side of the stored photo (smaller photos are never enlarged).
    public var mainLongSide = 1600
    public var mainQuality = 85
    public var thumbnailLongSide = 320
    public var thumbnailQuality = 80

    public init() {}
}

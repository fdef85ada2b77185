/// What an image file's header says, read without decoding any pixels.
public struct PhotoHeader: Sendable, Equatable {
    public let format: PhotoFormat
    /// Size as stored, before the EXIF orientation is applied.
    public let width: Int
    public let height: Int
    /// EXIF orientation 1 (upright) ... 8; 5...8 swap width and height.
    public let orientation: Int
    /// Frames of an animation or pages of a multi-page file; 1 for a still photo.
    public let pageCount: Int
    public let hasAlpha: Bool
    public let hasColourProfile: Bool
    /// A plain JPEG (YCbCr, RGB or grey, no colour profile): libjpeg decodes it directly, and
    /// libvips is not needed (`PhotoIngest`, `GreenCoverage`).
    var decodesDirectly = false

    public var pixelCount: Int { width * height }
    var swapsSides: Bool { (5...8).contains(orientation) }
    /// Size once the orientation is applied.
    public var uprightWidth: Int { swapsSides ? height : width }
    public var uprightHeight: Int { swapsSides ? width : height }
}

/// What an image file's header says, read without decoding any pixels.
package struct PhotoHeader: Sendable, Equatable {
    package let format: PhotoFormat
    /// Size as stored, before the EXIF orientation is applied.
    package let width: Int
    package let height: Int
    /// EXIF orientation 1 (upright) ... 8; 5...8 swap width and height.
    let orientation: Int
    /// Frames of an animation or pages of a multi-page file; 1 for a still photo.
    let pageCount: Int
    let hasAlpha: Bool
    let hasColourProfile: Bool
    /// A plain JPEG (YCbCr, RGB or grey, no colour profile): libjpeg decodes it directly, and
    /// libvips is not needed (`PhotoIngest`, `GreenCoverage`).
    var decodesDirectly = false

    var pixelCount: Int { width * height }
    var swapsSides: Bool { (5...8).contains(orientation) }
    /// Size once the orientation is applied.
    var uprightWidth: Int { swapsSides ? height : width }
    var uprightHeight: Int { swapsSides ? width : height }
}

/// A cover-cropped photo ready to be pasted on a `PixelCanvas`: decoded by libjpeg directly
/// (a plain JPEG, libvips never loaded) or by libvips (any other photo).
enum CoverTile: Sendable {
    case direct(RGBPixels)
    case decoded(VipsImage)

    var width: Int {
        switch self {
        case .direct(let pixels): pixels.width
        case .decoded(let image): image.width
        }
    }

    var height: Int {
        switch self {
        case .direct(let pixels): pixels.height
        case .decoded(let image): image.height
        }
    }
}

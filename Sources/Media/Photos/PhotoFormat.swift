/// The still-image formats the diary takes (HEIF covers HEIC and AVIF; MPO loads as JPEG).
public enum PhotoFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp, heif, tiff, gif

    /// The format for a libvips loader nickname such as "jpegload_buffer", or nil when the
    /// loader is not one the diary accepts.
    init?(loader: String) {
        let base = loader.split(separator: "_").first.map(String.init) ?? loader
        switch base {
        case "jpegload": self = .jpeg
        case "pngload": self = .png
        case "webpload": self = .webp
        case "heifload": self = .heif
        case "tiffload": self = .tiff
        case "gifload": self = .gif
        default: return nil
        }
    }
}

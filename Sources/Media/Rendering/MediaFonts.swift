public import Foundation

/// A font file and the family name Pango knows it by.
struct FontFace: Sendable, Equatable {
    /// Path of the TrueType file.
    let path: String
    /// Pango family and style, e.g. "DejaVu Sans Bold".
    let family: String

    init(path: String, family: String) {
        self.path = path
        self.family = family
    }
}

/// The fonts collages and timelines are drawn with, from the project's `assets/fonts`.
public struct MediaFonts: Sendable, Equatable {
    let regular: FontFace
    let bold: FontFace

    /// Fonts from a directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf.
    public init(directory: URL) throws {
        let regular = directory.appendingPathComponent("DejaVuSans.ttf").path
        let bold = directory.appendingPathComponent("DejaVuSans-Bold.ttf").path
        for path in [regular, bold] where !FileManager.default.isReadableFile(atPath: path) {
            throw MediaError(.fontsMissing, "The font file \(path) is missing or unreadable.")
        }
        self.regular = FontFace(path: regular, family: "DejaVu Sans")
        self.bold = FontFace(path: bold, family: "DejaVu Sans Bold")
    }
}

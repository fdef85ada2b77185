/// How a before/after collage is arranged.
public enum CollageLayout: String, Sendable, CaseIterable {
    /// The benchmark contract: 2048x1024, two 1024 px cover-cropped squares side by side, a flat
    /// dark caption bar (black at 140/255) with white DejaVu Sans Bold 64 px captions.
    case contract
    /// The Sogreto style, side by side when the photos are landscape, stacked when portrait.
    case automatic
    /// The Sogreto style, side by side.
    case sideBySide = "side-by-side"
    /// The Sogreto style, one above the other.
    case stacked
}

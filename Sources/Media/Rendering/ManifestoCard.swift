import Foundation

/// What a manifesto card shows: the user's first and latest photos, the title and the key lines
/// of their manifesto (already filled with their words), in the kit's colours.
public struct ManifestoCard: Sendable {
    public var title: String
    public var lines: [String]
    /// Earliest first; none, one or two are drawn.
    public var photos: [LabeledPhoto]
    public var palette: CardPalette
    /// A small line at the bottom (e.g. the brand).
    public var footer: String?

    public init(title: String, lines: [String], photos: [LabeledPhoto], palette: CardPalette = .sogreto, footer: String? = nil) {
        self.title = title
        self.lines = lines
        self.photos = photos
        self.palette = palette
        self.footer = footer
    }
}

/// A kit's colours: the paper, the text and the accent (title, rule, footer).
public struct CardPalette: Sendable, Equatable {
    let paper: RGB, ink: RGB, accent: RGB

    /// The microgreens green on warm white, as the collages.
    public static let sogreto = CardPalette(paper: RGB(250, 250, 245), ink: RGB(30, 60, 30), accent: RGB(56, 142, 60))

    init(paper: RGB, ink: RGB, accent: RGB) {
        self.paper = paper
        self.ink = ink
        self.accent = accent
    }

    /// Colours written "#RRGGBB"; nil when one is not.
    public init?(paper: String, ink: String, accent: String) {
        guard let paper = RGB(hex: paper), let ink = RGB(hex: ink), let accent = RGB(hex: accent) else { return nil }
        self.init(paper: paper, ink: ink, accent: accent)
    }
}

extension RGB {
    init?(hex: String) {
        guard hex.count == 7, hex.hasPrefix("#"), hex.dropFirst().allSatisfy(\.isHexDigit), let value = Int32(hex.dropFirst(), radix: 16) else { return nil }
        self.init(value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)
    }
}

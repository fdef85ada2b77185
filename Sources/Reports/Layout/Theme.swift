/// Page geometry and the palette: A4, generous margins, one soft green accent.
enum Theme {
    static let pageWidth = 595.28
    static let pageHeight = 841.89
    static let marginLeft = 64.0
    static let marginRight = 64.0
    static let marginTop = 72.0
    static let marginBottom = 78.0
    static let footerBaseline = 40.0
    static var contentWidth: Double { pageWidth - marginLeft - marginRight }
    static var contentTop: Double { pageHeight - marginTop }

    static let ink = RGB(0x2B2F2A)
    static let muted = RGB(0x6E746C)
    static let hairline = RGB(0xD8DED4)
    static let accent = RGB(0x5E8F62)
    static let accentDark = RGB(0x3E6944)
    static let accentTint = RGB(0xEEF4EB)
    static let paper = RGB(0xFFFFFF)

    /// Photos are never drawn larger than 1 pixel per point (72 dpi), so small images stay sharp.
    static let maxPhotoScale = 1.0
}

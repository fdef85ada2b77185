import Foundation

/// The diary's accent in the kit's colour: the layout draws with the default green and the
/// kit's accent replaces it (and its darker and paler shades) wherever it was drawn.
struct PracticeDiaryPalette: Equatable {
    let accent: RGB
    let accentDark: RGB
    let accentTint: RGB

    static let sogreto = PracticeDiaryPalette(accent: Theme.accent, accentDark: Theme.accentDark, accentTint: Theme.accentTint)

    /// From the kit's accent written `#RRGGBB`; nil (the default green) for anything else.
    init?(hex: String?) {
        guard let hex, hex.count == 7, hex.hasPrefix("#"), let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        let accent = RGB(value)
        // Darker for small text on white (labels, questions), paler for the chart's area.
        self.init(accent: accent, accentDark: accent.mixed(with: RGB(0x000000), by: 0.3),
                  accentTint: accent.mixed(with: RGB(0xFFFFFF), by: 0.9))
    }

    init(accent: RGB, accentDark: RGB, accentTint: RGB) {
        self.accent = accent
        self.accentDark = accentDark
        self.accentTint = accentTint
    }

    func recolour(_ pages: [LaidOutPage]) -> [LaidOutPage] {
        guard self != .sogreto else { return pages }
        return pages.map { page in LaidOutPage(ops: page.ops.map(recolour)) }
    }

    private func recolour(_ op: DrawOp) -> DrawOp {
        switch op {
        case .text(var run):
            run.color = recolour(run.color)
            return .text(run)
        case .path(let elements, var style):
            style.fill = style.fill.map(recolour)
            style.stroke = style.stroke.map(recolour)
            return .path(elements, style)
        case .image:
            return op
        }
    }

    private func recolour(_ colour: RGB) -> RGB {
        switch colour {
        case Theme.accent: accent
        case Theme.accentDark: accentDark
        case Theme.accentTint: accentTint
        default: colour
        }
    }
}

extension RGB {
    func mixed(with other: RGB, by share: Double) -> RGB {
        var mixed = self
        mixed.red += (other.red - red) * share
        mixed.green += (other.green - green) * share
        mixed.blue += (other.blue - blue) * share
        return mixed
    }
}

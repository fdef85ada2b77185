import Foundation

/// The green-coverage curve under a timeline: coverage in percent over program days, a soft
/// green area under an anti-aliased line, a dot and value per photo.
struct GrowthChart {
    private let points: [(day: Int, share: Double, label: String)]
    private let labels: GrowthCurveLabels
    private let fonts: MediaFonts
    private let look: ChartLook
    let width: Int
    var height: Int { look.height }

    private enum Look {
        static let card = RGB(255, 255, 255)
        static let grid = RGB(226, 232, 222)
        static let axisText = RGB(110, 120, 105)
        static let ink = RGB(30, 60, 30)
        static let leaf = RGB(56, 142, 60)
    }

    /// Nil when no entry has a coverage value (nothing to draw).
    init?(entries: [TimelineEntry], labels: GrowthCurveLabels, fonts: MediaFonts, width: Int, look: ChartLook = .wide) {
        let measured = entries.compactMap { entry in
            entry.greenCoverage.map { (day: entry.day, share: $0, label: entry.label) }
        }
        self.init(points: measured, labels: labels, fonts: fonts, width: width, look: look)
    }

    /// A curve from measured values alone (a day, its share 0…1, its label); nil when there are none.
    init?(points measured: [(day: Int, share: Double, label: String)], labels: GrowthCurveLabels, fonts: MediaFonts,
          width: Int, look: ChartLook) {
        guard !measured.isEmpty else { return nil }
        points = measured.map { (day: $0.day, share: min(1, max(0, $0.share)), label: $0.label) }.sorted { $0.day < $1.day }
        self.labels = labels
        self.fonts = fonts
        self.width = width
        self.look = look
    }

    func draw(on canvas: PixelCanvas, top: Int) throws {
        let card = Box(x: look.margin, y: top, width: width - 2 * look.margin, height: height - look.margin)
        canvas.fill(x: card.x, y: card.y, width: card.width, height: card.height, colour: Look.card)
        let title = try Caption(labels.title, font: fonts.bold, size: look.titleSize, maxWidth: card.width - 48)
        title.draw(on: canvas, x: card.x + 24, y: card.y + (look.titleHeight - title.height) / 2, colour: Look.ink)

        let plot = Box(x: card.x + look.axisWidth, y: card.y + look.titleHeight,
                       width: card.width - look.axisWidth - look.rightPad,
                       height: card.height - look.titleHeight - look.bottomBand)
        let ceiling = Self.niceCeiling(points.map(\.share).max() ?? 0)
        try drawGrid(on: canvas, plot: plot, ceiling: ceiling)

        // Inset so that the first and last values and day labels stay clear of the axis and edge.
        let inset = look.inset
        let positions = points.enumerated().map { index, point in
            Point(x: Double(plot.x) + inset + xFraction(index: index) * (Double(plot.width) - 2 * inset),
                  y: Double(plot.y + plot.height) - point.share / ceiling * Double(plot.height))
        }
        let base = Double(plot.y + plot.height)
        if positions.count > 1 {
            canvas.fillUnder(positions, baseY: base, colour: Look.leaf, lineAlpha: 90, baseAlpha: 12)
            try canvas.polyline(positions, thickness: look.line, colour: Look.leaf)
        }
        for position in positions {
            canvas.disc(centre: position, radius: look.dot, colour: Look.leaf)
            canvas.disc(centre: position, radius: look.dot * 0.55, colour: .white)
        }
        // Values over the dots and days under the axis, each left out where it would touch one
        // already drawn: photos a day or two apart would otherwise print over each other.
        let values = try points.map { try Caption(labels.percent($0.share), font: fonts.bold, size: look.valueSize, maxWidth: 0) }
        let valueBoxes = zip(values, positions).map { value, position in
            Box(x: Int(position.x) - value.width / 2, y: Int(position.y - look.dot) - look.valueSize / 3 - value.height,
                width: value.width, height: value.height)
        }
        let days = try points.map { try Caption($0.label, font: fonts.regular, size: look.dayLabelSize, maxWidth: 0) }
        let dayBoxes = zip(days, positions).map { day, position in
            Box(x: Int(position.x) - day.width / 2, y: plot.y + plot.height + look.dayLabelSize / 2, width: day.width, height: day.height)
        }
        let spacing = look.valueSize / 2
        for index in Self.apart(valueBoxes, spacing: spacing) {
            values[index].draw(on: canvas, x: valueBoxes[index].x, y: valueBoxes[index].y, colour: Look.ink)
        }
        for index in Self.apart(dayBoxes, spacing: spacing) {
            days[index].draw(on: canvas, x: dayBoxes[index].x, y: dayBoxes[index].y, colour: Look.axisText)
        }
    }

    /// The boxes that can be drawn without touching each other (`spacing` apart): from the
    /// first on, and always the last (the latest photo), giving way to it if needed.
    static func apart(_ boxes: [Box], spacing: Int) -> [Int] {
        func touch(_ a: Box, _ b: Box) -> Bool {
            a.x < b.x + b.width + spacing && b.x < a.x + a.width + spacing
                && a.y < b.y + b.height + spacing && b.y < a.y + a.height + spacing
        }
        guard let last = boxes.indices.last else { return [] }
        var kept: [Int] = []
        for index in boxes.indices.dropLast() where !kept.contains(where: { touch(boxes[$0], boxes[index]) }) {
            kept.append(index)
        }
        return kept.filter { !touch(boxes[$0], boxes[last]) } + [last]
    }

    /// Photos are placed by day, so uneven gaps between photos show as uneven spacing.
    private func xFraction(index: Int) -> Double {
        guard let first = points.first?.day, let last = points.last?.day, last > first else {
            return points.count == 1 ? 0.5 : Double(index) / Double(points.count - 1)
        }
        return Double(points[index].day - first) / Double(last - first)
    }

    private func drawGrid(on canvas: PixelCanvas, plot: Box, ceiling: Double) throws {
        for step in 0...4 {
            let fraction = Double(step) / 4
            let y = plot.y + plot.height - Int((fraction * Double(plot.height)).rounded())
            canvas.fill(x: plot.x, y: y - 1, width: plot.width, height: step == 0 ? 3 : 2, colour: Look.grid)
            let label = try Caption(labels.percent(ceiling * fraction), font: fonts.regular, size: look.axisLabelSize, maxWidth: 0)
            label.draw(on: canvas, x: plot.x - 16 - label.width, y: y - label.height / 2, colour: Look.axisText)
        }
    }

    /// The smallest ceiling at or above the highest value whose quarters are round percentages.
    static func niceCeiling(_ maximum: Double) -> Double {
        [0.04, 0.08, 0.2, 0.4, 0.6, 0.8, 1.0].first { $0 >= maximum } ?? 1.0
    }
}

public import Foundation

/// Draws the `/stats` card: a 1080x1350 portrait (the manifesto card's phone shape) with the
/// title, six figures on soft tiles, a calendar of practice days (practised days filled in the
/// kit's accent, quiet days only outlined softly: nothing marks a missed day) and the growth curve.
public struct StatsCardRenderer: Sendable {
    public let fonts: MediaFonts
    var quality = 88

    enum Layout {
        static let width = 1080, height = 1350, margin = 64
        static let titleSize = 54, subtitleSize = 32, headingSize = 34
        static let tileHeight = 148, tileGap = 20, valueSize = 60, labelSize = 25
        static let weekdaySize = 24, dayNumberSize = 26, rowHeight = 62, dayRadius = 26.0
        static let maxWeeks = 6
        static let tile = RGB(255, 255, 255)
        static let muted = RGB(120, 128, 115)
    }

    public init(fonts: MediaFonts) {
        self.fonts = fonts
    }

    public func render(_ card: StatsCard) throws -> Data {
        let canvas = try PixelCanvas(width: Layout.width, height: Layout.height, fill: card.palette.paper)
        var top = Layout.margin - 8
        top = try drawHeading(card, on: canvas, top: top)
        top = try drawFigures(card.figures, palette: card.palette, on: canvas, top: top + 36)
        top = try drawCalendar(card, on: canvas, top: top + 40)
        try drawGrowth(card, on: canvas, top: top + 24)
        return try canvas.jpeg(quality: quality)
    }

    private func drawHeading(_ card: StatsCard, on canvas: PixelCanvas, top: Int) throws -> Int {
        let width = Layout.width - 2 * Layout.margin
        let title = try Caption(card.title, font: fonts.bold, size: Layout.titleSize, maxWidth: width)
        title.draw(on: canvas, x: Layout.margin, y: top, colour: card.palette.accent)
        let subtitle = try Caption(card.subtitle, font: fonts.regular, size: Layout.subtitleSize, maxWidth: width)
        subtitle.draw(on: canvas, x: Layout.margin, y: top + title.height + 16, colour: card.palette.ink)
        return top + title.height + 16 + subtitle.height
    }

    /// Three tiles a row: the value large in the accent, what it counts under it.
    private func drawFigures(_ figures: [StatsCard.Figure], palette: CardPalette, on canvas: PixelCanvas, top: Int) throws -> Int {
        let shown = Array(figures.prefix(6))
        let columns = 3
        let tileWidth = (Layout.width - 2 * Layout.margin - (columns - 1) * Layout.tileGap) / columns
        for (index, figure) in shown.enumerated() {
            let x = Layout.margin + index % columns * (tileWidth + Layout.tileGap)
            let y = top + index / columns * (Layout.tileHeight + Layout.tileGap)
            canvas.fill(x: x, y: y, width: tileWidth, height: Layout.tileHeight, colour: Layout.tile)
            canvas.fill(x: x, y: y, width: 6, height: Layout.tileHeight, colour: palette.accent)
            // Centred: a label that wraps to two lines is centred line by line, so one line is too
            let inner = Box(x: x + 6, y: y, width: tileWidth - 6, height: Layout.tileHeight)
            let value = try Caption(figure.value, font: fonts.bold, size: Layout.valueSize, maxWidth: inner.width - 32)
            value.draw(on: canvas, centredIn: Box(x: inner.x, y: y + 16, width: inner.width, height: value.height), colour: palette.accent)
            let label = try Caption(figure.label, font: fonts.regular, size: Layout.labelSize, maxWidth: inner.width - 32)
            label.draw(on: canvas, centredIn: Box(x: inner.x, y: y + Layout.tileHeight - 16 - label.height, width: inner.width,
                                                  height: label.height), colour: palette.ink)
        }
        let rows = (shown.count + columns - 1) / columns
        return top + rows * Layout.tileHeight + max(0, rows - 1) * Layout.tileGap
    }

    private func drawCalendar(_ card: StatsCard, on canvas: PixelCanvas, top: Int) throws -> Int {
        let heading = try Caption(card.calendarTitle, font: fonts.bold, size: Layout.headingSize, maxWidth: Layout.width - 2 * Layout.margin)
        heading.draw(on: canvas, x: Layout.margin, y: top, colour: card.palette.ink)
        var y = top + heading.height + 24
        let column = (Layout.width - 2 * Layout.margin) / 7
        for (index, name) in card.weekdays.prefix(7).enumerated() {
            let label = try Caption(name, font: fonts.regular, size: Layout.weekdaySize, maxWidth: column)
            label.draw(on: canvas, centredIn: Box(x: Layout.margin + index * column, y: y, width: column, height: Layout.weekdaySize + 6),
                       colour: Layout.muted)
        }
        y += Layout.weekdaySize + 22
        for week in card.weeks.suffix(Layout.maxWeeks) {
            for (index, day) in week.prefix(7).enumerated() {
                let centre = Point(x: Double(Layout.margin + index * column + column / 2), y: Double(y + Layout.rowHeight / 2))
                try drawDay(day, centre: centre, palette: card.palette, on: canvas)
            }
            y += Layout.rowHeight
        }
        return y
    }

    private func drawDay(_ day: StatsCard.Day, centre: Point, palette: CardPalette, on canvas: PixelCanvas) throws {
        let radius = Layout.dayRadius
        if day.isToday {
            canvas.disc(centre: centre, radius: radius + 5, colour: palette.accent)
            canvas.disc(centre: centre, radius: radius + 2, colour: palette.paper)
        }
        let number: RGB
        var opacity = 255
        switch day.kind {
        case .practised:
            canvas.disc(centre: centre, radius: radius, colour: palette.accent)
            number = .white
        case .quiet:
            canvas.disc(centre: centre, radius: radius, colour: palette.accent, alpha: 40)
            number = palette.ink
        case .outside:
            number = Layout.muted
            opacity = 150
        }
        let label = try Caption(String(day.dayOfMonth), font: fonts.bold, size: Layout.dayNumberSize, maxWidth: 0)
        label.draw(on: canvas, centredIn: Box(x: Int(centre.x) - 40, y: Int(centre.y) - 20, width: 80, height: 40),
                   colour: number, opacity: opacity)
    }

    /// The growth curve in the room left; a quiet note instead while no photo was measured.
    private func drawGrowth(_ card: StatsCard, on canvas: PixelCanvas, top: Int) throws {
        let height = Layout.height - top - Layout.margin / 2
        guard height > 200 else { return }
        let look = ChartLook(height: height, margin: Layout.margin - 16, titleHeight: 76, titleSize: 34, axisWidth: 118, bottomBand: 70,
                             rightPad: 36, axisLabelSize: 26, valueSize: 28, dayLabelSize: 26, line: 6, dot: 11, inset: 56)
        let points = card.growth.map { (day: $0.day, share: $0.share, label: $0.label) }
        let labels = GrowthCurveLabels(title: card.growthTitle, locale: card.locale)
        if let chart = GrowthChart(points: points, labels: labels, fonts: fonts, width: Layout.width, look: look) {
            try chart.draw(on: canvas, top: top)
            return
        }
        let box = Box(x: look.margin, y: top, width: Layout.width - 2 * look.margin, height: height - look.margin)
        canvas.fill(x: box.x, y: box.y, width: box.width, height: box.height, colour: Layout.tile)
        let title = try Caption(card.growthTitle, font: fonts.bold, size: look.titleSize, maxWidth: box.width - 48)
        title.draw(on: canvas, x: box.x + 24, y: box.y + (look.titleHeight - title.height) / 2, colour: card.palette.ink)
        let note = try Caption(card.noGrowthNote, font: fonts.regular, size: 30, maxWidth: box.width - 96)
        note.draw(on: canvas, centredIn: Box(x: box.x, y: box.y + look.titleHeight, width: box.width, height: box.height - look.titleHeight),
                  colour: Layout.muted)
    }
}

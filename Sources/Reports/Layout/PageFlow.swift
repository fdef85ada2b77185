/// A cursor that fills pages top to bottom and starts a new page when content does not fit.
struct PageFlow {
    private(set) var pages: [LaidOutPage] = []
    /// The top of the free space on the current page (PDF y, decreasing downwards).
    private(set) var y: Double = Theme.contentTop

    let top = Theme.contentTop
    let bottom = Theme.marginBottom
    let left = Theme.marginLeft
    let width = Theme.contentWidth

    init() { newPage() }

    var remaining: Double { y - bottom }
    var isAtPageTop: Bool { y >= top }

    mutating func newPage() {
        pages.append(LaidOutPage())
        y = top
    }

    /// Starts a new page unless `height` fits below the cursor (or the page is still empty).
    mutating func ensure(_ height: Double) {
        if height > remaining && !isAtPageTop { newPage() }
    }

    mutating func advance(_ height: Double) { y -= height }

    /// Leaves vertical space, but never carries it over to the top of a new page.
    mutating func gap(_ height: Double) {
        if isAtPageTop { return }
        if height >= remaining { newPage() } else { y -= height }
    }

    mutating func add(_ op: DrawOp) {
        pages[pages.count - 1].ops.append(op)
    }

    /// Adds an operation to an earlier page (decorations known only after text has flowed).
    mutating func insert(_ op: DrawOp, onPage index: Int) {
        pages[index].ops.append(op)
    }

    /// Draws a block of lines, flowing onto new pages; returns the page ranges drawn on, as
    /// (page index, top y, bottom y) so callers can decorate each piece (e.g. a side bar).
    @discardableResult
    mutating func lines(_ lines: [String], font: FontRole, size: Double, leading: Double, color: RGB,
                        indent: Double = 0, letterSpacing: Double = 0) -> [(page: Int, top: Double, bottom: Double)] {
        var pieces: [(page: Int, top: Double, bottom: Double)] = []
        for line in lines {
            if leading > remaining { newPage() }
            if pieces.last?.page != pages.count - 1 { pieces.append((pages.count - 1, y, y)) }
            let baseline = y - (leading - size) / 2 - size * 0.78
            if !line.isEmpty {
                add(.text(TextRun(text: line, font: font, size: size, origin: Point(left + indent, baseline),
                                  color: color, letterSpacing: letterSpacing)))
            }
            y -= leading
            pieces[pieces.count - 1].bottom = y
        }
        return pieces
    }

    /// A horizontal hairline across the content width at the cursor.
    mutating func rule(color: RGB = Theme.hairline, width lineWidth: Double = 0.6, length: Double? = nil) {
        let end = left + (length ?? width)
        add(.path([.move(Point(left, y)), .line(Point(end, y))],
                  PathStyle(fill: nil, stroke: color, lineWidth: lineWidth)))
    }
}

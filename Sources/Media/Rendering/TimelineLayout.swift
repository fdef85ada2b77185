/// The geometry of a growth timeline.
///
/// `wide` is the benchmark contract: 5 columns of 384 px cover-cropped cells, a 56 px caption
/// strip under each (DejaVu Sans Bold 32 px), 16 px gaps and margins: 2016x928 for 10 photos,
/// a 400 px chart. `phone` is what the bot sends: 1080 px wide (a phone screen's own width,
/// so Telegram shows it close to 1:1), two or three columns, captions and chart labels large
/// enough to read in the chat without zooming.
public struct TimelineLayout: Sendable {
    /// The most columns; the phone layout uses fewer, fuller rows for 2 and 4 photos.
    let maxColumns: Int
    /// The image's width; nil makes it as wide as the columns of fixed `cell` need.
    let width: Int?
    let cell: Int
    let caption: Int, captionSize: Int, gap: Int
    let chart: ChartLook

    public static let wide = TimelineLayout(maxColumns: 5, width: nil, cell: 384, caption: 56, captionSize: 32,
                                            gap: 16, chart: .wide)

    public static let phone = TimelineLayout(maxColumns: 3, width: 1080, cell: 0, caption: 72,
                                             captionSize: 44, gap: 24, chart: .phone)

    func columns(for count: Int) -> Int {
        if width != nil, count == 4 { return 2 }  // two rows of two, not three and one
        return max(1, min(maxColumns, count))
    }

    /// The side of a square cell when `columns` share the width.
    func cellSide(columns: Int) -> Int {
        guard let width else { return cell }
        return (width - gap * (columns + 1)) / columns
    }

    func imageWidth(columns: Int) -> Int {
        width ?? gap + columns * (cell + gap)
    }
}

/// Sizes of the green-coverage chart under a timeline, in pixels.
struct ChartLook: Sendable {
    let height: Int
    let margin: Int, titleHeight: Int, titleSize: Int, axisWidth: Int, bottomBand: Int, rightPad: Int
    let axisLabelSize: Int, valueSize: Int, dayLabelSize: Int
    let line: Double, dot: Double, inset: Double

    static let wide = ChartLook(height: 400, margin: 16, titleHeight: 72, titleSize: 30, axisWidth: 84, bottomBand: 64,
                                rightPad: 24, axisLabelSize: 20, valueSize: 22, dayLabelSize: 22, line: 5, dot: 9, inset: 56)
    static let phone = ChartLook(height: 700, margin: 24, titleHeight: 104, titleSize: 48, axisWidth: 150, bottomBand: 96,
                                 rightPad: 40, axisLabelSize: 36, valueSize: 38, dayLabelSize: 36, line: 7, dot: 13, inset: 72)
}

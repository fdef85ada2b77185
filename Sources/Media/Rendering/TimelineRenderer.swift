public import Foundation

/// Draws a growth timeline: the photos in day order as a grid with day captions (DejaVu Sans
/// Bold, rgb(30,60,30) on rgb(250,250,245)) and, when asked, the green-coverage curve under it,
/// laid out as `layout` says (see `TimelineLayout`).
public struct TimelineRenderer: Sendable {
    public let fonts: MediaFonts
    public var layout: TimelineLayout
    var quality = 85
    /// Threads one timeline may use to decode its photos.
    var parallelism = 2
    public static let maximumPhotos = 30
    private let probe: PhotoProbe
    /// Stored photos are plain JPEGs, so libjpeg decodes them and a timeline never loads libvips.
    var decoder = PhotoDecoder()

    enum Grid {
        static let background = RGB(250, 250, 245)
        static let ink = RGB(30, 60, 30)
    }

    public init(fonts: MediaFonts, layout: TimelineLayout = .wide, probe: PhotoProbe = PhotoProbe()) {
        self.fonts = fonts
        self.layout = layout
        self.probe = probe
    }

    /// A JPEG of `entries` in the given order; with `curve`, the entries' green coverage is
    /// drawn as a chart under the grid.
    public func render(_ entries: [TimelineEntry], curve: GrowthCurveLabels? = nil) throws -> Data {
        guard !entries.isEmpty else { throw MediaError(.invalidRequest, "A timeline needs at least one photo.") }
        guard entries.count <= Self.maximumPhotos else {
            throw MediaError(.invalidRequest, "A timeline shows at most \(Self.maximumPhotos) photos, not \(entries.count).")
        }
        let headers = try entries.map { try probe.inspect($0.source) }
        let layout = layout
        let columns = layout.columns(for: entries.count)
        let rows = (entries.count + columns - 1) / columns
        let cell = layout.cellSide(columns: columns)
        let width = layout.imageWidth(columns: columns)
        // A fixed-width layout centres a grid its whole cells leave narrower than the image
        let left = (width - columns * (cell + layout.gap) - layout.gap) / 2 + layout.gap
        let gridHeight = layout.gap + rows * (cell + layout.caption + layout.gap)
        let chart = curve.flatMap { GrowthChart(entries: entries, labels: $0, fonts: fonts, width: width, look: layout.chart) }
        let canvas = try PixelCanvas(width: width, height: gridHeight + (chart?.height ?? 0), fill: Grid.background)

        let decoder = self.decoder
        let tiles = try ParallelWork.map(entries.count, parallelism: parallelism) { index in
            try decoder.coverTile(entries[index].source, header: headers[index], width: cell, height: cell)
        }
        for (index, tile) in tiles.enumerated() {
            let x = left + (index % columns) * (cell + layout.gap)
            let y = layout.gap + (index / columns) * (cell + layout.caption + layout.gap)
            canvas.paste(tile, x: x, y: y)
            try Caption(entries[index].label, font: fonts.bold, size: layout.captionSize, maxWidth: cell - 8)
                .draw(on: canvas, centredIn: Box(x: x, y: y + cell, width: cell, height: layout.caption),
                      colour: Grid.ink)
        }
        try chart?.draw(on: canvas, top: gridHeight)
        return try canvas.jpeg(quality: quality)
    }
}

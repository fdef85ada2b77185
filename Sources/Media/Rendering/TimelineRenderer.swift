import Foundation

/// Draws a growth timeline: the photos in day order as a grid with day captions and, when
/// asked, the green-coverage curve under it.
///
/// The grid follows the benchmark contract: 5 columns of 384 px cover-cropped cells, a 56 px
/// caption strip under each (DejaVu Sans Bold 32 px, rgb(30,60,30) on rgb(250,250,245)), 16 px
/// gaps and margins: 2016x928 for 10 photos.
public struct TimelineRenderer: Sendable {
    public let fonts: MediaFonts
    public var quality = 85
    /// Threads one timeline may use to decode its photos.
    public var parallelism = 2
    /// Plain JPEGs (every stored photo) are decoded by libjpeg directly, so a timeline of them
    /// never loads libvips; false sends them through libvips like any other photo.
    var decodesPlainJPEGsDirectly = true
    public static let maximumPhotos = 30
    private let probe: PhotoProbe
    private let decoder = PhotoDecoder()

    enum Grid {
        static let columns = 5, cell = 384, caption = 56, gap = 16, fontSize = 32
        static let background = RGB(250, 250, 245)
        static let ink = RGB(30, 60, 30)
    }

    public init(fonts: MediaFonts, probe: PhotoProbe = PhotoProbe()) {
        self.fonts = fonts
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
        let columns = min(Grid.columns, entries.count)
        let rows = (entries.count + columns - 1) / columns
        let width = Grid.gap + columns * (Grid.cell + Grid.gap)
        let gridHeight = Grid.gap + rows * (Grid.cell + Grid.caption + Grid.gap)
        let chart = curve.flatMap { GrowthChart(entries: entries, labels: $0, fonts: fonts, width: width) }
        let canvas = try PixelCanvas(width: width, height: gridHeight + (chart?.height ?? 0), fill: Grid.background)

        let decoder = self.decoder, direct = decodesPlainJPEGsDirectly
        let tiles = try ParallelWork.map(entries.count, parallelism: parallelism) { index in
            try decoder.coverTile(entries[index].source, header: headers[index], width: Grid.cell, height: Grid.cell,
                                  direct: direct)
        }
        for (index, tile) in tiles.enumerated() {
            let x = Grid.gap + (index % columns) * (Grid.cell + Grid.gap)
            let y = Grid.gap + (index / columns) * (Grid.cell + Grid.caption + Grid.gap)
            try canvas.paste(tile, x: x, y: y)
            try Caption(entries[index].label, font: fonts.bold, size: Grid.fontSize, maxWidth: Grid.cell - 8)
                .draw(on: canvas, centredIn: Box(x: x, y: y + Grid.cell, width: Grid.cell, height: Grid.caption),
                      colour: Grid.ink)
        }
        try chart?.draw(on: canvas, top: gridHeight)
        return try canvas.jpeg(quality: quality)
    }
}

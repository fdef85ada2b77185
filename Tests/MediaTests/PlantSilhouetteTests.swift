import Foundation
import Testing
@testable import Media

extension MediaTests {
    /// The state-plant cards' plants stay in the picture above the state's name: a silhouette
    /// drawn into the title's rows would cover the words (as the harvest bowl once did).
    @Suite struct PlantSilhouetteTests {
        typealias Layout = StatePlantCardRenderer.Layout

        @Test(arguments: StatePlantCard.Silhouette.allCases)
        func everyPlantStaysAboveTheStatesName(_ silhouette: StatePlantCard.Silhouette) throws {
            let palette = CardPalette.sogreto
            let canvas = try PixelCanvas(width: Layout.width, height: Layout.height, fill: palette.paper)
            let centre = Point(x: Double(Layout.width) / 2, y: Layout.plantCentreY)
            try PlantSilhouettes(canvas: canvas, centre: centre, size: Layout.plantSize, palette: palette).draw(silhouette)
            // The state's name starts 36 px under the halo; keep a few pixels clear above it too.
            let titleTop = Int(Layout.plantCentreY + Layout.haloRadius) + 36 - 8
            var lowest: Int?
            for y in stride(from: Layout.height - 1, through: 0, by: -1) where lowest == nil {
                if (0..<Layout.width).contains(where: { canvas.pixel(x: $0, y: y) != palette.paper }) { lowest = y }
            }
            let bottom = try #require(lowest, "the \(silhouette) silhouette drew nothing")
            #expect(bottom < titleTop, "the \(silhouette) silhouette reaches row \(bottom); the title starts at \(titleTop + 8)")
        }
    }
}

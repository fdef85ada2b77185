import Foundation
import Testing
@testable import Media
import Program
import TestSupport

extension MediaTests {
    @Suite("Collages and timelines have the promised layout")
    struct RendererTests {
        let fonts: MediaFonts

        init() throws {
            fonts = try MediaFonts(directory: ProjectPaths.root.appendingPathComponent("assets/fonts"))
        }

        private func photo(_ colour: Fixtures.Colour, width: Int = 1600, height: Int = 1200) throws -> Data {
            try Fixtures.jpeg(Fixtures.solid(colour, width: width, height: height), quality: 90)
        }

        @Test("the contract collage is 2048x1024 with dark caption bars and white captions")
        func contractCollage() throws {
            let jpeg = try CollageRenderer(fonts: fonts).render(
                before: LabeledPhoto(data: photo(.red), label: "День 1"),
                after: LabeledPhoto(data: photo(.blue), label: "День 7"), layout: .contract)
            let pixels = try Pixels(jpeg)
            #expect((pixels.width, pixels.height) == (2048, 1024))
            #expect(pixels.mean(x: 400, y: 400, width: 100, height: 100).distance(to: .red) < 10)
            #expect(pixels.mean(x: 1500, y: 400, width: 100, height: 100).distance(to: .blue) < 10)
            // The bar darkens the photo to 115/255 of its value...
            let darkRed = Fixtures.Colour(220 * 115 / 255, 30 * 115 / 255, 30 * 115 / 255)
            #expect(pixels.mean(x: 20, y: 930, width: 60, height: 80).distance(to: darkRed) < 10)
            // ... and the caption inside it is white, centred in each half
            #expect(pixels.lightest(x: 412, y: 912, width: 200, height: 112).distance(to: .white) < 20)
            #expect(pixels.lightest(x: 1436, y: 912, width: 200, height: 112).distance(to: .white) < 20)
            #expect(pixels.lightest(x: 20, y: 920, width: 150, height: 100).distance(to: darkRed) < 12)
        }

        @Test("automatic collages put landscape photos side by side and portrait photos one above the other")
        func automaticLayout() throws {
            let renderer = CollageRenderer(fonts: fonts)
            let wide = try renderer.render(before: LabeledPhoto(data: photo(.red), label: "Day 1"),
                                           after: LabeledPhoto(data: photo(.blue), label: "Day 9"))
            let tall = try renderer.render(before: LabeledPhoto(data: photo(.red, width: 900, height: 1600), label: "Day 1"),
                                           after: LabeledPhoto(data: photo(.blue, width: 900, height: 1600), label: "Day 9"),
                                           footer: "Sogreto")
            let widePixels = try Pixels(wide), tallPixels = try Pixels(tall)
            #expect(widePixels.width > widePixels.height)
            #expect(tallPixels.height > tallPixels.width)
            #expect(widePixels.mean(x: 300, y: 300, width: 50, height: 50).distance(to: .red) < 10)
            #expect(widePixels.mean(x: widePixels.width - 350, y: 300, width: 50, height: 50).distance(to: .blue) < 10)
            #expect(tallPixels.mean(x: 300, y: 300, width: 50, height: 50).distance(to: .red) < 10)
            #expect(tallPixels.mean(x: 300, y: tallPixels.height - 700, width: 50, height: 50).distance(to: .blue) < 10)
        }

        @Test("a timeline of 10 photos is a 5x2 grid of 2016x928 with day captions")
        func timelineGrid() throws {
            let colours: [Fixtures.Colour] = (0..<10).map { Fixtures.Colour(20 * $0 + 30, 200 - 15 * $0, 60) }
            let entries = try colours.enumerated().map { index, colour in
                TimelineEntry(data: try photo(colour, width: 800, height: 600), day: 1 + 3 * index, label: "День \(1 + 3 * index)")
            }
            let pixels = try Pixels(TimelineRenderer(fonts: fonts).render(entries))
            #expect((pixels.width, pixels.height) == (2016, 928))
            for (index, colour) in colours.enumerated() {
                let x = 16 + (index % 5) * 400, y = 16 + (index / 5) * 456
                #expect(pixels.mean(x: x + 150, y: y + 150, width: 84, height: 84).distance(to: colour) < 10, "cell \(index)")
                // the caption strip under the cell is background with dark green text
                #expect(pixels[x + 5, y + 390].distance(to: Fixtures.Colour(250, 250, 245)) < 6)
                #expect(pixels.darkest(x: x + 120, y: y + 384, width: 144, height: 56).distance(to: Fixtures.Colour(30, 60, 30)) < 30)
            }
            #expect(pixels[8, 8].distance(to: Fixtures.Colour(250, 250, 245)) < 6)
        }

        @Test("fewer photos make a narrower grid")
        func smallTimeline() throws {
            let entries = try (0..<3).map { TimelineEntry(data: try photo(.green), day: $0 + 1, label: "Day \($0 + 1)") }
            let pixels = try Pixels(TimelineRenderer(fonts: fonts).render(entries))
            #expect((pixels.width, pixels.height) == (1216, 472))
        }

        @Test("with the growth curve the timeline grows a chart with a green line")
        func growthCurve() throws {
            let entries = try (0..<4).map { index in
                TimelineEntry(data: try photo(.soil), day: 1 + 4 * index, label: "День \(1 + 4 * index)",
                              greenCoverage: [0.02, 0.08, 0.19, 0.31][index])
            }
            let pixels = try Pixels(TimelineRenderer(fonts: fonts).render(entries, curve: GrowthCurveLabels(title: "Зелень на фото")))
            #expect((pixels.width, pixels.height) == (1616, 472 + 400))
            let chart = (0..<pixels.width).flatMap { x in (472..<872).map { (x, $0) } }
            let leafy = chart.filter { pixels[$0.0, $0.1].distance(to: Fixtures.Colour(56, 142, 60)) < 25 }
            #expect(leafy.count > 500)
        }

        @Test("the phone timeline is 1080 px wide with three columns, big captions and a tall chart")
        func phoneTimeline() throws {
            let colours: [Fixtures.Colour] = (0..<10).map { Fixtures.Colour(20 * $0 + 30, 200 - 15 * $0, 60) }
            let entries = try colours.enumerated().map { index, colour in
                TimelineEntry(data: try photo(colour, width: 800, height: 600), day: 1 + 2 * index, label: "День \(1 + 2 * index)",
                              greenCoverage: 0.001 + 0.03 * Double(index))
            }
            let renderer = TimelineRenderer(fonts: fonts, layout: .phone)
            let pixels = try Pixels(renderer.render(entries, curve: GrowthCurveLabels(title: "Зелень на фото", locale: "ru")))
            // 4 rows of 328 px cells with 72 px captions and 24 px gaps, then a 700 px chart
            let cell = (1080 - 4 * 24) / 3, row = cell + 72 + 24
            #expect((pixels.width, pixels.height) == (1080, 24 + 4 * row + 700))
            // No taller than a phone screen is long, so it opens at full width
            #expect(Double(pixels.height) / Double(pixels.width) <= 2.3)
            for (index, colour) in colours.enumerated() {
                let x = 24 + (index % 3) * (cell + 24), y = 24 + (index / 3) * row
                #expect(pixels.mean(x: x + 120, y: y + 120, width: 80, height: 80).distance(to: colour) < 10, "cell \(index)")
            }
            // The caption's letters stand at least 30 px tall (the wide grid's are about 23)
            let ink = Fixtures.Colour(30, 60, 30)
            let captionRows = (24 + cell..<24 + cell + 72).filter { y in
                (24..<24 + cell).contains { x in pixels[x, y].distance(to: ink) < 60 }
            }
            #expect((captionRows.max() ?? 0) - (captionRows.min() ?? 0) >= 30, "\(captionRows)")
        }

        @Test("two and four photos fill the phone width in two columns")
        func phoneTimelineColumns() throws {
            for count in [2, 4] {
                let entries = try (0..<count).map { TimelineEntry(data: try photo(.green), day: $0 + 1, label: "Day \($0 + 1)") }
                let pixels = try Pixels(TimelineRenderer(fonts: fonts, layout: .phone).render(entries))
                let cell = (1080 - 3 * 24) / 2
                #expect((pixels.width, pixels.height) == (1080, 24 + (count / 2) * (cell + 72 + 24)))
            }
        }

        @Test("chart labels that would touch are left out, the latest one always drawn")
        func chartLabelsKeepApart() {
            let boxes = [Box(x: 0, y: 0, width: 100, height: 30), Box(x: 60, y: 0, width: 100, height: 30),
                         Box(x: 200, y: 0, width: 100, height: 30), Box(x: 290, y: 0, width: 100, height: 30),
                         Box(x: 120, y: 200, width: 100, height: 30)]
            // The second touches the first and the fourth the third: each later one is left out...
            #expect(GrowthChart.apart(boxes, spacing: 8) == [0, 2, 4])
            // ... except the last, to which an earlier one gives way
            #expect(GrowthChart.apart(Array(boxes.prefix(4)), spacing: 8) == [0, 3])
        }

        @Test("percentages follow the language: a decimal comma in Russian, a point in English")
        func percentWording() {
            #expect(GrowthCurveLabels(title: "", locale: "ru").percent(0.001) == "0,1\u{00A0}%")
            #expect(GrowthCurveLabels(title: "", locale: "en").percent(0.001) == "0.1%")
            #expect(PercentWording(locale: "ru").format(0.12) == "12\u{00A0}%")
            #expect(PercentWording(locale: "en").format(0.095) == "9.5%")
            #expect(PercentWording(locale: "en").format(0.0999) == "10%")
        }

        @Test("no photos, or a non-image among them, is an error, not a crash")
        func badInput() throws {
            #expect(throws: MediaError.self) { try TimelineRenderer(fonts: fonts).render([]) }
            let entries = [TimelineEntry(data: Data("nope".utf8), day: 1, label: "1")]
            #expect(throws: MediaError.self) { try TimelineRenderer(fonts: fonts).render(entries) }
        }

        @Test("captions are plain text: markup characters are drawn, not interpreted")
        func markupIsEscaped() throws {
            _ = try CollageRenderer(fonts: fonts).render(
                before: LabeledPhoto(data: photo(.red), label: "<b>Day & 1</b>"),
                after: LabeledPhoto(data: photo(.blue), label: "День <7"), layout: .contract)
        }
    }
}

enum ProjectPaths {
    /// The package root, found from this file's path.
    static var root: URL { Repository.root }
}

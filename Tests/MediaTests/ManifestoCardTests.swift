import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("The manifesto card shows the user's photos and words in the kit's colours")
    struct ManifestoCardTests {
        let fonts: MediaFonts

        init() throws {
            fonts = try MediaFonts(directory: ProjectPaths.root.appendingPathComponent("assets/fonts"))
        }

        private func photo(_ colour: Fixtures.Colour) throws -> Data {
            try Fixtures.jpeg(Fixtures.solid(colour, width: 1200, height: 1600), quality: 90)
        }

        private var basil: CardPalette { CardPalette(paper: "#F6F1E4", ink: "#2E3B1F", accent: "#B5572A") ?? .sogreto }

        @Test("two photos side by side on the kit's paper, the lines in its ink below them")
        func twoPhotosAndLines() throws {
            let card = ManifestoCard(
                title: "Мой манифест предвкушения",
                lines: ["Моё желание: «Тишину по утрам»", "Я жду: «первый срез и запах зелени на кухне»",
                        "Я умею ждать, не подгоняя."],
                photos: [LabeledPhoto(data: try photo(.red), label: "День 0"), LabeledPhoto(data: try photo(.blue), label: "День 20")],
                palette: basil, footer: "Согрето")
            let jpeg = try ManifestoCardRenderer(fonts: fonts).render(card)
            Self.preview(jpeg, "two-photos")
            let pixels = try Pixels(jpeg)
            #expect((pixels.width, pixels.height) == (1080, 1350))
            #expect(pixels.mean(x: 10, y: 10, width: 40, height: 40).distance(to: Fixtures.Colour(0xF6, 0xF1, 0xE4)) < 6)
            #expect(pixels.mean(x: 150, y: 150, width: 100, height: 100).distance(to: .red) < 10)
            #expect(pixels.mean(x: 800, y: 150, width: 100, height: 100).distance(to: .blue) < 10)
            // the title in the accent colour, the lines in the ink, on the paper between them
            let below = Self.photoBottom(pixels, paper: Fixtures.Colour(0xF6, 0xF1, 0xE4))
            #expect(pixels.darkest(x: 64, y: below + 40, width: 952, height: 80).distance(to: Fixtures.Colour(0xB5, 0x57, 0x2A)) < 40)
            #expect(pixels.darkest(x: 64, y: below + 180, width: 952, height: 300).distance(to: Fixtures.Colour(0x2E, 0x3B, 0x1F)) < 40)
            // short lines leave no wide band of bare paper: the photos grow into it
            #expect(Self.widestBareBand(pixels, from: below, paper: Fixtures.Colour(0xF6, 0xF1, 0xE4)) < 130)
        }

        @Test("many long lines shrink or are left off rather than run off the card; no photos is fine")
        func longTextFits() throws {
            let long = String(repeating: "очень длинные слова пользователя ", count: 8)
            let card = ManifestoCard(title: "My anticipation manifesto", lines: Array(repeating: long, count: 12), photos: [])
            let pixels = try Pixels(try ManifestoCardRenderer(fonts: fonts).render(card))
            Self.preview(try ManifestoCardRenderer(fonts: fonts).render(card), "long")
            #expect((pixels.width, pixels.height) == (1080, 1350))
            // the bottom margin stays paper
            #expect(pixels.darkest(x: 0, y: 1300, width: 1080, height: 50).distance(to: Fixtures.Colour(250, 250, 245)) < 8)
        }

        @Test("one photo fills the photo band edge to edge, the lines sit below it as with two")
        func onePhoto() throws {
            let card = ManifestoCard(
                title: "Мой манифест предвкушения",
                lines: ["Моё желание: «Тишину по утрам»", "Я умею ждать, не подгоняя."],
                photos: [LabeledPhoto(data: try photo(.red), label: "День 0")], palette: basil, footer: "Согрето")
            let jpeg = try ManifestoCardRenderer(fonts: fonts).render(card)
            Self.preview(jpeg, "one-photo")
            let pixels = try Pixels(jpeg)
            #expect((pixels.width, pixels.height) == (1080, 1350))
            #expect(pixels.mean(x: 150, y: 150, width: 100, height: 100).distance(to: .red) < 10)
            #expect(pixels.mean(x: 830, y: 150, width: 100, height: 100).distance(to: .red) < 10)
            let paper = Fixtures.Colour(0xF6, 0xF1, 0xE4)
            let below = Self.photoBottom(pixels, paper: paper)
            #expect(below > 600, "the photo grows into the room two short lines leave (ends at \(below))")
            #expect(Self.widestBareBand(pixels, from: below, paper: paper) < 130)
        }

        /// The first row under the photos that is bare paper across the card.
        static func photoBottom(_ pixels: Pixels, paper: Fixtures.Colour) -> Int {
            (64..<pixels.height).first { pixels.darkest(x: 64, y: $0, width: 952, height: 1).distance(to: paper) < 8 } ?? pixels.height
        }

        /// The tallest run of bare-paper rows between `top` and the bottom margin.
        static func widestBareBand(_ pixels: Pixels, from top: Int, paper: Fixtures.Colour) -> Int {
            var widest = 0, run = 0
            for y in top..<(pixels.height - 64) {
                let bare = pixels.darkest(x: 64, y: y, width: 952, height: 1).distance(to: paper) < 8
                run = bare ? run + 1 : 0
                widest = max(widest, run)
            }
            return widest
        }

        @Test("a colour that is not #RRGGBB is refused")
        func badColour() {
            #expect(CardPalette(paper: "#F6F1E4", ink: "green", accent: "#B5572A") == nil)
            #expect(CardPalette(paper: "#F6F1E", ink: "#000000", accent: "#-12345") == nil)
        }

        /// Writes the card where `SOGRETO_CARD_PREVIEW` points, to look at it by eye.
        static func preview(_ jpeg: Data, _ name: String) {
            guard let folder = ProcessInfo.processInfo.environment["SOGRETO_CARD_PREVIEW"] else { return }
            try? jpeg.write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name).jpg"))
        }
    }
}

import Foundation
import Testing
@testable import Media

extension MediaTests {
    @Suite("The /stats card: figures, a calendar of practice days and the growth curve on a phone-sized card")
    struct StatsCardTests {
        let fonts: MediaFonts
        let accent = Fixtures.Colour(56, 142, 60)

        init() throws {
            fonts = try MediaFonts(directory: ProjectPaths.root.appendingPathComponent("assets/fonts"))
        }

        /// Three weeks from a Wednesday: days practised on 4, 5, 6, 9 and 12; today is the 19th.
        func card(practisedOn practised: Set<Int> = [4, 5, 6, 9, 12], growth: [StatsCard.GrowthPoint]? = nil,
                  locale: String = "ru") -> StatsCard {
            let weeks = (0..<3).map { week in
                (0..<7).map { index -> StatsCard.Day in
                    let day = 2 + week * 7 + index
                    let kind: StatsCard.Day.Kind = day < 4 || day > 19 ? .outside : practised.contains(day) ? .practised : .quiet
                    return StatsCard.Day(dayOfMonth: day, kind: kind, isToday: day == 19)
                }
            }
            let points = growth ?? [StatsCard.GrowthPoint(day: 0, share: 0.01, label: "День 0"),
                                    StatsCard.GrowthPoint(day: 3, share: 0.08, label: "День 3"),
                                    StatsCard.GrowthPoint(day: 8, share: 0.31, label: "День 8")]
            let figures = [("8", "день из 20"), ("14", "практик"), ("38", "минут практики"), ("5", "записей своими словами"),
                           ("3", "фото роста"), ("3", "дня подряд: самая долгая серия")]
            return StatsCard(title: "Твоя практика", subtitle: "Набор микрозелени",
                             figures: figures.map { StatsCard.Figure(value: $0.0, label: $0.1) },
                             calendarTitle: "Дни практики", weekdays: ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"], weeks: weeks,
                             growthTitle: "Зелень на фото", growth: points,
                             noGrowthNote: "Когда в дневнике появятся фото, здесь вырастет кривая роста.", locale: locale)
        }

        @Test("a portrait phone card on the kit's paper with the curve drawn in the lower part")
        func phoneSizedWithCurve() throws {
            let jpeg = try StatsCardRenderer(fonts: fonts).render(card())
            ManifestoCardTests.preview(jpeg, "stats-card")
            let pixels = try Pixels(jpeg)
            #expect((pixels.width, pixels.height) == (1080, 1350))
            #expect(pixels.mean(x: 4, y: 4, width: 30, height: 30).distance(to: Fixtures.Colour(250, 250, 245)) < 6)
            // the curve's green is in the bottom third, where the chart is
            #expect(Self.count(pixels, near: accent, x: 64, y: 950, width: 952, height: 350) > 800)
        }

        /// The same card with one day practised or not differs only around that day, and only the
        /// practised one is filled with the accent: a quiet day is drawn softly, never as a gap.
        @Test("a practised day is filled in the accent; a quiet day only softly")
        func practisedAndQuietDays() throws {
            let renderer = StatsCardRenderer(fonts: fonts)
            let practised = try Pixels(try renderer.render(card(practisedOn: [4, 5, 6, 9, 12, 15])))
            let quiet = try Pixels(try renderer.render(card(practisedOn: [4, 5, 6, 9, 12])))
            let changed = try #require(Self.differingBox(practised, quiet), "day 15 changes the card")
            #expect(changed.width < 120 && changed.height < 120, "only the day's cell changed: \(changed)")
            let box = (x: changed.x, y: changed.y, width: changed.width, height: changed.height)
            #expect(Self.count(practised, near: accent, x: box.x, y: box.y, width: box.width, height: box.height) > 900)
            #expect(Self.count(quiet, near: accent, x: box.x, y: box.y, width: box.width, height: box.height) < 50)
        }

        @Test("without measured photos a quiet note stands where the curve will be")
        func noGrowthYet() throws {
            let jpeg = try StatsCardRenderer(fonts: fonts).render(card(growth: []))
            ManifestoCardTests.preview(jpeg, "stats-card-no-photos")
            let pixels = try Pixels(jpeg)
            #expect(Self.count(pixels, near: accent, x: 64, y: 950, width: 952, height: 350) < 50)
            // the note's grey words are there, on the white panel
            #expect(pixels.darkest(x: 100, y: 1050, width: 880, height: 220).distance(to: Fixtures.Colour(255, 255, 255)) > 100)
        }

        static func count(_ pixels: Pixels, near colour: Fixtures.Colour, x: Int, y: Int, width: Int, height: Int) -> Int {
            var count = 0
            for row in y..<min(pixels.height, y + height) {
                for column in x..<min(pixels.width, x + width) where pixels[column, row].distance(to: colour) < 30 { count += 1 }
            }
            return count
        }

        /// The bounding box of the pixels that differ clearly between two same-sized images.
        static func differingBox(_ a: Pixels, _ b: Pixels) -> (x: Int, y: Int, width: Int, height: Int)? {
            var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
            for row in 0..<a.height {
                for column in 0..<a.width where a[column, row].distance(to: b[column, row]) > 40 {
                    minX = min(minX, column); maxX = max(maxX, column)
                    minY = min(minY, row); maxY = max(maxY, row)
                }
            }
            return maxX < 0 ? nil : (minX, minY, maxX - minX + 1, maxY - minY + 1)
        }
    }
}

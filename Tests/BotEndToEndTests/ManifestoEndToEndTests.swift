import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import Program
import Media

/// The manifesto in the user's own words through the real bot: typed answers quoted back, the
/// shorter text for someone who skipped, and the manifesto outliving /reset into the PDF diary.
@Suite(.serialized) struct ManifestoEndToEndTests {
    @Test func typedAnswersAreQuotedAndStartingOverKeepsTheManifestoInThePracticeDiary() async throws {
        try await JourneyDays.run(language: "ru") { journey in
            // Given Мира, who typed her answers through the whole journey
            try await journey.send("/start mg-1")
            try await journey.completePlanting()
            _ = try await journey.sendPhoto(sprouting: 1)
            try await journey.walkToTheManifesto()
            // Then her manifesto quotes her words inside sentences, not as a form
            let manifesto = try #require(await journey.messages.last { $0.shown.contains("Мой манифест предвкушения") })
            #expect(manifesto.shown.contains("Моё желание звучало так: «Тишину по утрам»."), "\(manifesto.shown)")
            #expect(manifesto.shown.contains("По дороге мне открывалось малое."))
            // The themes' reflections, typed along the way, are quoted too
            #expect(manifesto.shown.contains("Меня держит: «Тишину по утрам»."), "\(manifesto.shown)")
            #expect(try await journey.progress().reflections?.count == 7, "one per default theme")
            #expect(!manifesto.shown.contains("…"))
            let kept = try #require(try await journey.progress().manifesto)
            // And its card follows: her photo and key lines drawn in the kit's colours
            let card = try await journey.waitForPhoto(captioned: "карточкой")
            let cardFile = try #require(card.fileID)
            let image = try #require(await journey.bot.emulator.file(id: cardFile))
            let header = try PhotoProbe().inspect(image.data)
            #expect((header.width, header.height) == (1080, 1350))
            if let folder = ProcessInfo.processInfo.environment["SOGRETO_CARD_PREVIEW"] {  // to look at it by eye
                try image.data.write(to: URL(fileURLWithPath: folder).appendingPathComponent("journey.jpg"))
            }

            // When she starts over, the question says what happens, and she confirms
            let asked = try await journey.send("/reset")
            #expect(asked.last?.shown.contains("не сотрутся") == true)
            try await journey.press("p:y")
            // Then the new journey starts fresh and the old one's words and manifesto are kept
            let progress = try await journey.progress()
            #expect(progress.manifesto == nil && progress.wish == nil && progress.position == .welcome)
            let earlier = try #require(progress.earlierJourneys?.first)
            #expect(earlier.manifesto == kept && earlier.wish == "Тишину по утрам")

            // And the PDF diary shows the earlier journey with its manifesto
            let before = await journey.messages.count
            await journey.bot.emulator.sendText("/diary", from: journey.user)
            let pdf = try #require(try await journey.bot.replies(to: journey.user, count: before + 1).last { $0.kind == .document })
            let fileID = try #require(pdf.fileID)
            let file = try #require(await journey.bot.emulator.file(id: fileID))
            let path = journey.bot.dataDirectory.appendingPathComponent("reset.pdf")
            try file.data.write(to: path)
            let text = try await Subprocess.pdfText(path).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("Прошлые пути"), "\(text.prefix(400))")
            #expect(text.contains("По дороге мне открывалось малое"))
            #expect(text.contains("Что тебя держит?"), "an earlier journey's reflections are in the diary")
        }
    }

    @Test func someoneWhoSkippedEveryQuestionGetsTheShorterManifesto() async throws {
        try await JourneyDays.run(language: "en") { journey in
            try await journey.send("/start mg-1")
            // Skips every question, the wish and every choice, as far as the buttons allow
            for _ in 0..<200 {
                let progress = try await journey.progress()
                if progress.position == .nps { break }
                let latest = await journey.messages.last
                let data = latest?.buttons.joined().compactMap(\.callbackData) ?? []
                func has(_ prefix: String) -> String? { data.first { $0.hasPrefix(prefix) } }
                if let press = has("p:s:") ?? has("p:tx") ?? has("p:h:") ?? has("p:n:") ?? has("p:k") ?? has("s:os") {
                    try await journey.press(press)
                } else {
                    journey.clock.advance(by: 86_400)
                    try await journey.send("/continue")
                }
            }
            let progress = try await journey.progress()
            #expect(progress.position == .nps && progress.wish == nil && progress.answers.isEmpty)
            let manifesto = try #require(progress.manifesto)
            #expect(manifesto.contains("Not everything needs words."), "\(manifesto)")
            #expect(!manifesto.contains("“") && !manifesto.contains(":\n"))
        }
    }
}

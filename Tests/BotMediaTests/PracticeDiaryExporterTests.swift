@testable import Bot
@testable import BotMedia
import TestSupport
import Foundation
import Program
import Reports
import Testing

/// The PDF diary's data shows what the user did: every practice of a stage, the themes they
/// opened, the manifesto on its own stage's page, and each day they practised.
@Suite struct PracticeDiaryExporterTests {
    /// A user walking the real microgreens program through the pure engine, one day at a time.
    struct Walker {
        let engine: ProgramEngine
        let locale: String
        let zone: TimeZone
        var now = Date(timeIntervalSince1970: 1_793_800_800)  // 2026-11-05 10:00 UTC
        var progress: UserProgress?
        var last: [OutgoingMessage] = []

        var strings: UIStrings { engine.catalog.strings(for: locale) }
        var buttons: [(label: String, payload: String)] { last.flatMap { $0.buttons.joined() }.map { ($0.label, $0.payload) } }

        mutating func send(_ input: ProgramInput) {
            let context = ProgramContext(now: now, timeZone: zone, locale: locale, userName: "Вера", photoCount: 0)
            let result = engine.handle(input, progress: progress, context: context)
            progress = result.progress
            last = result.messages
        }

        mutating func press(_ label: String) -> Bool {
            guard let button = buttons.first(where: { $0.label == label }) else { return false }
            send(.callback(payload: button.payload))
            return true
        }

        /// Answers questions, picks the first option, takes the default themes, presses on; when
        /// nothing is left for today, comes back the next day. Stops at `until` or the manifesto.
        mutating func walk(untilDay: Int = 99) {
            send(.start(kitCode: "mg-1"))
            var steps = 0
            while steps < 600, progress?.manifesto == nil {
                steps += 1
                if progress?.awaitingText != nil, progress?.awaitingText != .npsComment,
                   !buttons.contains(where: { $0.label == strings[.next] }) {
                    send(.text("ответ \(steps)"))
                } else if let option = buttons.first(where: { $0.payload.hasPrefix("c:") }),
                          !buttons.contains(where: { $0.label.hasPrefix("✓ ") }) {
                    send(.callback(payload: option.payload))
                } else if let label = [strings[.next], strings[.continueButton], strings[.themesDefaults]]
                            .first(where: { label in buttons.contains { $0.label == label } }) {
                    _ = press(label)
                } else {
                    guard let progress, engine.programDay(of: progress, now: now, timeZone: zone) < untilDay else { return }
                    now = now.addingTimeInterval(86_400)
                    send(.continueProgram)
                }
            }
        }
    }

    func export(_ walker: Walker) throws -> PracticeDiaryData {
        var user = UserRecord(id: 7, firstName: "Вера", languageCode: walker.locale, locale: walker.locale, now: walker.now)
        user.timezone = walker.zone.identifier
        user.progress = try #require(walker.progress.flatMap(ProgressCoding.encode))
        return try #require(PracticeDiaryExporter(catalog: walker.engine.catalog).export(user: user, photos: [], now: walker.now))
    }

    @Test(arguments: [("ru", "Europe/Moscow"), ("en", "America/New_York")])
    func aWholeJourneyShowsEveryPracticeThemeAndDayAndTheManifestoOnItsPage(locale: String, zone: String) throws {
        var walker = Walker(engine: try loadEngine(), locale: locale, zone: try #require(TimeZone(identifier: zone)))
        walker.walk()
        let diary = try export(walker)

        // Every practice of planting, not just the first
        let planting = try #require(diary.stages.first { $0.id == "planting" })
        #expect(planting.practices?.count == 4, "\(planting.practices ?? [])")
        let final = try #require(diary.stages.first { $0.id == "final" })
        #expect(final.practices?.count == 5)
        // The themes stage lists the seven themes the user opened
        let themes = try #require(diary.stages.first { $0.id == "baby-leaf" }?.themes)
        #expect(themes.count == 7)
        #expect(themes.allSatisfy { !$0.title.isEmpty && ($0.note?.isEmpty == false) })
        // The manifesto stage's page holds the manifesto
        let manifestoStage = try #require(diary.stages.first { $0.id == "manifesto" })
        #expect(manifestoStage.holdsManifesto == true)
        #expect(diary.manifesto?.contains("ответ") == true)
        // Days of practice: every day the user came to a stage or a theme (0, 2, 5, 7, 8, 10, 11,
        // 13, 15, 17, 19, 20), not only the days stages began and ended
        #expect(diary.statistics.daysPractised == 12, "\(walker.progress?.practiceDays ?? [])")
    }

    @Test(arguments: ["ru", "en"])
    func anEarlierJourneysPhotosGoWithItAndThisJourneysStayOnItsPages(locale: String) throws {
        // Given a user who walked microgreens to the end with two photos, then began basil and sent one
        var walker = Walker(engine: try loadEngine(), locale: locale, zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.walk()
        let firstStart = try #require(walker.progress?.startedAt)
        walker.now = walker.now.addingTimeInterval(86_400)
        walker.send(.start(kitCode: "bs-2026-0042"))
        let secondStart = try #require(walker.progress?.startedAt)
        #expect(walker.progress?.programID == "basil" && walker.progress?.earlierJourneys?.count == 1)
        let photos = [PracticeDiaryExporter.Photo(path: "media/aa/first.jpg", day: 3, greenCoverage: 0.1, createdAt: firstStart.addingTimeInterval(3 * 86_400)),
                      PracticeDiaryExporter.Photo(path: "media/bb/second.jpg", day: 9, greenCoverage: 0.4, createdAt: firstStart.addingTimeInterval(9 * 86_400)),
                      PracticeDiaryExporter.Photo(path: "media/cc/basil.jpg", day: 0, greenCoverage: 0.0, createdAt: secondStart.addingTimeInterval(60))]
        var user = UserRecord(id: 7, firstName: "Вера", languageCode: locale, locale: locale, now: walker.now)
        user.timezone = "Europe/Moscow"
        user.progress = try #require(walker.progress.flatMap(ProgressCoding.encode))
        // When the diary is made
        let diary = try #require(PracticeDiaryExporter(catalog: walker.engine.catalog).export(user: user, photos: photos, now: walker.now))
        // Then the earlier journey holds its own two photos with their days, and this journey only its own
        let earlier = try #require(diary.earlierJourneys?.first)
        #expect(earlier.photos?.map(\.path) == ["media/aa/first.jpg", "media/bb/second.jpg"])
        #expect(earlier.photos?.map(\.day) == [3, 9])
        #expect(diary.photos.map(\.path) == ["media/cc/basil.jpg"])
    }

    @Test func midStageOnlyThePracticesReachedSoFarAreListed() throws {
        var walker = Walker(engine: try loadEngine(), locale: "ru", zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.send(.start(kitCode: "mg-1"))
        let continued = walker.press(walker.strings[.continueButton])
        let nextPressed = walker.press(walker.strings[.next])
        #expect(continued && nextPressed)
        // On planting step 2 of 6: the tray and the sowing, not yet the watering
        let diary = try export(walker)
        let planting = try #require(diary.stages.first)
        #expect(planting.practices?.count == 2, "\(planting.practices ?? [])")
        #expect(planting.themes == nil && planting.holdsManifesto == nil)
        #expect(diary.statistics.daysPractised == 1)
    }

    /// A micro-practice answered on its day while its stage was never opened: the answer still
    /// has a place, under the latest stage the user did open.
    @Test func aMicroPracticesAnswerShowsEvenWhenItsStageWasNeverOpened() throws {
        var walker = Walker(engine: try loadEngine(), locale: "ru", zone: try #require(TimeZone(identifier: "Europe/Moscow")))
        walker.walk(untilDay: 1)
        #expect(walker.progress?.stagesCompleted["planting"] != nil)
        // Day 3: the sprouts were never opened, the micro-practice of the day is answered
        let progress = try #require(walker.progress)
        while walker.engine.programDay(of: progress, now: walker.now, timeZone: walker.zone) < 3 { walker.now.addTimeInterval(86_400) }
        walker.send(.callback(payload: "ra:mist-breath"))
        walker.send(.text("Жду первых листьев"))
        #expect(walker.progress?.reflections?["mist-breath"] == "Жду первых листьев")
        #expect(walker.progress?.stagesStarted["sprouts"] == nil)
        let diary = try export(walker)
        let answers = diary.stages.flatMap(\.answers)
        #expect(answers.contains { $0.answer == "Жду первых листьев" }, "\(diary.stages.map { ($0.id, $0.answers.map(\.answer)) })")
    }

    @Test func aManifestoStoredWithGapsIsPrintedWithoutThem() {
        let stored = "Мой манифест\n\nВ день посадки во мне было: …\n\nМоё желание: Тишину\n\nМоё спасибо: …\n\nЯ умею ждать…"
        #expect(PracticeDiaryExporter.withoutGaps(stored) == "Мой манифест\n\nМоё желание: Тишину\n\nЯ умею ждать…")
    }
}

import Foundation
import Testing
import TelegramEmulator
@testable import Bot
import BotMedia
import Program
import Reports

/// Day numbering, reminders and pacing for users off the happy path, through the real bot and
/// the emulator with the bot's clock moved by the test.
@Suite(.serialized) struct JourneyDaysEndToEndTests {
    /// Growth stories for a planting that never happened: day 0 is the day planting is complete.
    @Test(arguments: ["ru", "en"])
    func aUserWhoStoppedAtPlantingStepOneGetsOnlyPlantingNudges(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            // Given a user who opened planting step 1 and went away
            try await journey.send("/start mg-2026-7")
            try await journey.send("/continue")
            #expect(try await journey.progress().position == .step(stage: "planting", index: 0))

            // When nine days pass with every reminder the bot planned
            let reminders = try await journey.live(days: 9).map(\.shown)

            // Then only nudges to finish planting came, never a later stage's story
            let planting = language == "ru" ? "посадк" : "planting"
            #expect(!reminders.isEmpty)
            for text in reminders {
                #expect(text.lowercased().contains(planting), "not about planting: \(text.prefix(80))")
                #expect(!text.contains(language == "ru" ? "Второй день" : "Day two"))
                #expect(!text.contains(language == "ru" ? "ростки растут" : "sprouts keep growing"))
            }
            #expect(try await journey.pendingJobs().allSatisfy { $0.job.kind != .unlock })
            // and the program is still at day 0
            let status = try await journey.send("/status").map(\.shown).joined()
            #expect(status.contains(language == "ru" ? "День 0 из 20" : "Day 0 of 20"), "\(status)")
            #expect(status.contains(language == "ru" ? "после посадки" : "once planting is done"), "\(status)")
            #expect(!status.contains(language == "ru" ? "уже открыты" : "already open"), "\(status)")

            // When the user finally completes planting, the sprouts reminder comes two days later
            try await journey.completePlanting()
            let sprouts = try #require(try await journey.pendingJobs().first { $0.job.kind == .unlock })
            #expect(sprouts.job.stageID == "sprouts")
            let zone = TimeZone(identifier: "Europe/Moscow")!
            #expect(LocalTime.daysBetween(journey.clock.now(), and: sprouts.job.dueAt, in: zone) == 2)
        }
    }

    /// A reminder names what Continue opens: a user still on the sprouts stage when the
    /// microgreens stage opens is invited back to the sprouts, which Continue then opens.
    @Test(arguments: ["ru", "en"])
    func aReminderForAUserWhoIsBehindNamesWhatContinueOpens(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            // Given a planted user who opened the sprouts stage on day 2 and stopped at its first step
            try await journey.send("/start mg-2026-7")
            try await journey.send("/continue")
            try await journey.completePlanting()
            let far = journey.clock.now().addingTimeInterval(30 * 86_400)
            let sproutsReminder = try #require(try await journey.liveUntilNextReminder(before: far, skippingMicroPractices: true))
            #expect(sproutsReminder.map(\.shown).joined().contains(language == "ru" ? "Второй день" : "Day two"))
            try await journey.press("p:k")
            #expect(try await journey.progress().position == .step(stage: "sprouts", index: 0))

            // When the microgreens stage opens on day 5
            let reminder = try #require(try await journey.liveUntilNextReminder(before: far, skippingMicroPractices: true)).map(\.shown).joined()

            // Then the reminder names the sprouts, and its Continue opens the sprouts step
            #expect(reminder.contains(language == "ru" ? "Всходы" : "Sprouts"), "\(reminder)")
            #expect(!reminder.contains(language == "ru" ? "Пятый день" : "Day five"), "\(reminder)")
            try await journey.press("p:k")
            #expect(try await journey.progress().position == .step(stage: "sprouts", index: 0))
        }
    }

    /// One day numbering: /status and the photo of the same day agree, a skipped week holds the
    /// day, and the day never passes the program's length.
    @Test(arguments: ["ru", "en"])
    func statusAndPhotosShareOneDayNumberThatStopsAtTheProgramsEnd(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            let ru = language == "ru"
            func status() async throws -> String { try await journey.send("/status").map(\.shown).joined() }
            // Given a user who has just planted
            try await journey.send("/start mg-2026-7")
            try await journey.send("/continue")
            try await journey.completePlanting()

            // Then /status and a photo of that day both say day 0
            #expect(try await status().contains(ru ? "День 0 из 20" : "Day 0 of 20"))
            #expect(try await journey.sendPhoto(sprouting: 2).contains(ru ? "Фото дня 0 сохранено" : "Day 0 photo saved"))

            // When the user skips a week (confirming) and sends a photo three days later
            try await journey.send("/skipweek")
            try await journey.press("p:y")
            journey.clock.advance(by: 3 * 86_400)
            // Then the photo belongs to the day the program stands on, as /status says
            #expect(try await journey.sendPhoto(sprouting: 5).contains(ru ? "Фото дня 0 сохранено" : "Day 0 photo saved"))
            let held = try await status()
            #expect(held.contains(ru ? "День 0 из 20" : "Day 0 of 20"), "\(held)")
            #expect(held.contains(ru ? "Неделя пропуска" : "Week skipped"), "\(held)")

            // When the user stays away long past the program's end
            journey.clock.advance(by: 40 * 86_400)
            // Then day 20 of 20 is the last: the photo and /status say so, never day 22 or more
            #expect(try await journey.sendPhoto(sprouting: 9).contains(ru ? "Фото дня 20 сохранено" : "Day 20 photo saved"))
            #expect(try await status().contains(ru ? "День 20 из 20" : "Day 20 of 20"))
            #expect(try await journey.photoDays() == [0, 0, 20])
            // and the PDF diary's photos and growth chart carry the same days
            let service = try PracticeDiaryService(
                database: journey.bot.runtime.database,
                exporter: PracticeDiaryExporter(catalog: journey.bot.runtime.scheduler.dispatcher.planner.engine.catalog),
                renderer: PracticeDiaryRenderer(assets: try PracticeDiaryAssets(directory: repositoryRoot.appendingPathComponent("assets"))),
                dataDirectory: journey.bot.dataDirectory)
            let diary = try #require(try await service.data(userID: journey.user.id, now: journey.clock.now()))
            #expect(diary.photos.map(\.day).sorted() == [0, 0, 20])
            #expect(diary.growth.map(\.day) == [0, 20])
            #expect(try await service.render(diary).starts(with: Array("%PDF".utf8)))
        }
    }

    /// /skipweek asks first and can be undone the same day.
    @Test func aSkippedWeekIsConfirmedAndCanBeUndoneThatDay() async throws {
        try await JourneyDays.run(language: "en") { journey in
            try await journey.send("/start mg-2026-7")
            try await journey.send("/continue")
            try await journey.completePlanting()
            let sprouts = try #require(try await journey.pendingJobs().first { $0.job.kind == .unlock })

            // When the user sends /skipweek, nothing moves until they confirm
            let question = try await journey.send("/skipweek").map(\.shown).joined()
            #expect(question.contains("Skip a week?"))
            #expect(try await journey.pendingJobs().first { $0.job.kind == .unlock }?.job.dueAt == sprouts.job.dueAt)
            try await journey.press("p:y")
            let moved = try #require(try await journey.pendingJobs().first { $0.job.kind == .unlock })
            #expect(moved.job.dueAt.timeIntervalSince(sprouts.job.dueAt) == 7 * 86_400)

            // When they undo it the same day, the sprouts come on their old day again
            let undone = try await journey.press("p:us").map(\.shown).joined()
            #expect(undone.contains("undone"))
            #expect(try await journey.pendingJobs().first { $0.job.kind == .unlock }?.job.dueAt == sprouts.job.dueAt)
            #expect(!(try await journey.progress().holds.contains { $0.kind == .skipWeek }))
        }
    }

    /// The ending unfolds: the manifesto alone, the closing words and the diary offer once it has
    /// been read, the closing question the next day.
    @Test(arguments: ["ru", "en"])
    func theEndingComesInItsOwnTime(language: String) async throws {
        try await JourneyDays.run(language: language) { journey in
            try await journey.send("/start mg-2026-7")
            try await journey.send("/continue")
            try await journey.completePlanting()
            try await journey.walkToTheManifesto()

            // The manifesto came without the closing words, the diary offer or the question (its
            // card, drawn meanwhile, is a photo)
            let messages = await journey.messages
            let last = try #require(messages.last { $0.kind == .text })
            #expect(last.shown.contains(language == "ru" ? "манифест" : "manifesto"))
            #expect(last.buttons.joined().compactMap(\.callbackData) == ["p:mr"])
            #expect(!messages.contains { $0.buttons.joined().contains { $0.callbackData == "d:pdf" } })
            #expect(!messages.contains { $0.buttons.joined().contains { $0.callbackData == "p:ns:9" } })
            #expect(try await journey.bot.runtime.database.user(journey.user.id)?.status == .completed)

            // When the user taps "read": the closing words and the diary offer, no question yet
            let read = try await journey.press("p:mr")
            #expect(read.contains { $0.buttons.joined().contains { $0.callbackData == "d:pdf" } })
            #expect(!read.contains { $0.buttons.joined().contains { $0.callbackData == "p:ns:9" } })
            let later = try await journey.send("/continue")
            #expect(!later.contains { $0.buttons.joined().contains { $0.callbackData == "p:ns:9" } })

            // Then the closing question comes the next day, from the scheduler
            let question = try #require(try await journey.pendingJobs().first { $0.job.kind == .ending })
            let zone = TimeZone(identifier: "Europe/Moscow")!
            #expect(LocalTime.daysBetween(journey.clock.now(), and: question.job.dueAt, in: zone) == 1)
            let next = try #require(try await journey.liveUntilNextReminder(before: question.job.dueAt.addingTimeInterval(60)))
            #expect(next.contains { $0.buttons.joined().contains { $0.callbackData == "p:ns:9" } })
            try await journey.press("p:ns:9")
            #expect(try await journey.pendingJobs().isEmpty)
        }
    }

    /// A user who never taps "read" gets the closing words and the diary offer later that day.
    @Test func theClosingWordsComeLaterThatDayWithoutATap() async throws {
        try await JourneyDays.run(language: "ru") { journey in
            try await journey.send("/start mg-2026-7")
            try await journey.send("/continue")
            try await journey.completePlanting()
            try await journey.walkToTheManifesto()
            let closing = try #require(try await journey.pendingJobs().first)
            #expect(closing.job.kind == .ending && closing.job.slot == EndingPart.closingWords.rawValue)
            let shownAt = try #require(try await journey.progress().stagesCompleted["manifesto"])
            #expect(closing.job.dueAt.timeIntervalSince(shownAt) <= EndingSchedule.readingTime + 1) // stored to the millisecond
            let sent = try #require(try await journey.liveUntilNextReminder(before: closing.job.dueAt.addingTimeInterval(60)))
            #expect(sent.contains { $0.shown.contains("Путь пройден") })
            // The diary offer, then (once) the kits not grown yet
            #expect(sent.dropLast().last?.buttons.joined().contains { $0.callbackData == "d:pdf" } == true)
            #expect(sent.last?.shown.contains(journey.bot.runtime.strings.text("next_kit_how", "ru")) == true)
            #expect(!sent.contains { $0.buttons.joined().contains { $0.callbackData == "p:ns:9" } })
        }
    }
}

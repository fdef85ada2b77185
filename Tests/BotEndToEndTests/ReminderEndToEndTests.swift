import Foundation
import Testing
import TelegramEmulator
@testable import Bot

/// Reminders through the real bot and the emulator, with the bot's clock moved by the test.
@Suite(.serialized) struct ReminderEndToEndTests {
    @Test func theSproutsReminderArrivesOnceOnDayTwoAtTenLocal() async throws {
        let clock = ShiftedClock()
        let bot = try await BotHarness.start(clock: clock)
        do {
            // Given a user who starts the journey and plants (Moscow time by default)
            let anna = await bot.emulator.newUser(firstName: "Анна", languageCode: "ru")
            await bot.emulator.sendText("/start", from: anna)
            _ = try await bot.replies(to: anna, count: 1)
            try await JourneyDays(bot: bot, clock: clock, user: anna).completePlanting()
            try await bot.settle()
            let before = await bot.emulator.messages(in: anna.chatID).count
            let job = try #require(try await bot.runtime.database.jobs(userID: anna.id).first { $0.job.kind == .unlock })
            #expect(job.job.stageID == "sprouts")
            #expect(wallClock(job.job.dueAt, "Europe/Moscow").hasSuffix("10:00"))
            #expect(LocalTime.daysBetween(clock.now(), and: job.job.dueAt, in: TimeZone(identifier: "Europe/Moscow")!) == 2)

            // When the bot's clock reaches day 2, 10:00 local
            clock.advance(by: job.job.dueAt.timeIntervalSince(clock.now()) + 1)

            // Then the sprouts reminder arrives, with a Continue button, exactly once
            let seen = try await bot.replies(to: anna, count: before + 1)
            let reminder = try #require(seen.last)
            #expect(reminder.buttons.flatMap { $0 }.contains { $0.callbackData == "p:k" })
            try await bot.settle(idle: 1.5) // longer than the scheduler's next wake on this clock
            #expect(await bot.emulator.messages(in: anna.chatID).count == before + 1)
            #expect(try await bot.runtime.database.jobs(userID: anna.id).first { $0.id == job.id }?.state == "done")
        } catch {
            await bot.stop()
            throw error
        }
        await bot.stop()
    }
}

/// `yyyy-MM-dd HH:mm` of `date` on the wall clock of `zone`.
private func wallClock(_ date: Date, _ zone: String) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
    let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return String(format: "%04d-%02d-%02d %02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
}

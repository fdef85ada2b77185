import Foundation
import Logging
import Testing
import TelegramEmulator
@testable import Bot
import Program
import TestSupport

/// One simulated person and the real bot on a clock the test moves: sends, presses, and lives
/// through days by stopping at each planned reminder, as time would pass.
struct JourneyDays {
    let bot: BotHarness
    let clock: ShiftedClock
    let user: SimulatedUser
    /// What the person writes whenever a step asks for words.
    var answer = "Тишину по утрам"

    static func start(language: String, name: String = "Мира", logger: Logger? = nil) async throws -> JourneyDays {
        let clock = ShiftedClock()
        // Start at the next 09:00 in Moscow: what the day brings (quiet hours from 22:00 hold
        // messages) must not depend on the hour the tests happen to run.
        let now = clock.now().timeIntervalSince1970
        let nineMoscow = 6 * 3600.0
        let today = now - now.truncatingRemainder(dividingBy: 86_400)
        clock.advance(by: (today + nineMoscow > now ? today + nineMoscow : today + 86_400 + nineMoscow) - now)
        let bot = try await BotHarness.start(clock: clock, logger: logger)
        let user = await bot.emulator.newUser(firstName: name, languageCode: language)
        return JourneyDays(bot: bot, clock: clock, user: user)
    }

    /// Runs `body` and stops the bot afterwards, also when the body throws.
    static func run(language: String, _ body: (JourneyDays) async throws -> Void) async throws {
        let journey = try await start(language: language)
        do {
            try await body(journey)
        } catch {
            await journey.bot.stop()
            throw error
        }
        await journey.bot.stop()
    }

    var messages: [BotMessage] {
        get async { await bot.emulator.messages(in: user.chatID) }
    }

    /// Sends `text` and returns what the bot answered.
    @discardableResult
    func send(_ text: String) async throws -> [BotMessage] {
        let before = await messages.count
        await bot.emulator.sendText(text, from: user)
        return try await newMessages(after: before)
    }

    /// Presses the newest button with `data` (a page turn with whatever copy number it carries)
    /// and returns what the bot answered.
    @discardableResult
    func press(_ data: String) async throws -> [BotMessage] {
        let all = await messages
        let message = try #require(all.last { $0.buttons.joined().contains { isButton($0.callbackData, data) } },
                                   "no button \(data) among \(all.suffix(3).map { $0.buttons.joined().compactMap(\.callbackData) })")
        let shown = message.buttons.joined().compactMap(\.callbackData).first { isButton($0, data) } ?? data
        await bot.emulator.pressButton(shown, on: message.messageID, from: user)
        return try await newMessages(after: all.count)
    }

    /// What the bot sends after `count` messages, once it has gone quiet.
    func newMessages(after count: Int) async throws -> [BotMessage] {
        try await bot.settle(idle: 0.1)
        return Array(await messages.dropFirst(count))
    }

    /// Keeps answering the current planting step (a word, then Next/Skip/Continue) until planting
    /// is complete; the program's day 0 is that moment.
    func completePlanting(maxPresses: Int = 40) async throws {
        var answered: [TextExpectation] = []
        for _ in 0..<maxPresses {
            let progress = try await self.progress()
            if progress.stagesCompleted["planting"] != nil { return }
            if let expected = progress.awaitingText, !answered.contains(expected) {
                answered.append(expected)
                try await send(answer)
                continue
            }
            let latest = await messages.last { !$0.buttons.isEmpty }
            let data = latest?.buttons.joined().compactMap(\.callbackData) ?? []
            func has(_ prefix: String) -> String? { data.first { $0.hasPrefix(prefix) } }
            if let press = has("p:n:") ?? has("p:c:") ?? has("p:k") {
                try await self.press(press)
            } else {
                try await send("/continue")
            }
        }
        throw JourneyFailure("planting not complete after \(maxPresses) presses")
    }

    func progress() async throws -> UserProgress {
        guard let record = try await bot.runtime.database.user(user.id), let stored = record.progress,
              let progress = ProgressCoding.decode(stored) else { throw JourneyFailure("no progress") }
        return progress
    }

    /// Walks the rest of the program as a person would (answers in words, the first option,
    /// the default themes, Next) and lives through a day whenever the next stage is not open yet,
    /// until the manifesto has been shown.
    func walkToTheManifesto(maxSteps: Int = 200) async throws {
        var answered: [TextExpectation] = []
        var chosenOn: Set<Int> = []
        for _ in 0..<maxSteps {
            let progress = try await self.progress()
            if progress.position == .nps { return }
            if let expected = progress.awaitingText, !answered.contains(expected) {
                answered.append(expected)
                try await send(answer)
                continue
            }
            let latest = await messages.last
            let data = latest?.buttons.joined().compactMap(\.callbackData) ?? []
            func has(_ prefix: String) -> String? { data.first { $0.hasPrefix(prefix) } }
            let choice = latest.flatMap { chosenOn.contains($0.messageID) ? nil : has("p:c:") }
            if let choice, let latest { chosenOn.insert(latest.messageID); try await self.press(choice) }
            else if let press = has("p:tx") ?? has("p:h:") ?? has("p:n:") ?? has("p:k") {
                try await self.press(press)
            } else {
                // The next stage opens on a later day: live through a day, then come back.
                clock.advance(by: 86_400)
                try await send("/continue")
            }
        }
        throw JourneyFailure("the manifesto did not come in \(maxSteps) steps")
    }

    /// Sends a sprout photo and returns the bot's answer once the photo is in the diary.
    func sendPhoto(sprouting day: Int) async throws -> String {
        let before = await messages.count
        let filedBefore = try await photoDays().count
        try await bot.emulator.sendPhoto(try SproutPhotos.jpeg(day: day), from: user)
        // A reminder made due by a clock move can arrive before the photo's answer, so the answer
        // is awaited by its effect (the photo filed) and then the quiet outbox, not by a count.
        guard try await eventually(within: .seconds(60), { try await photoDays().count > filedBefore }) else {
            throw JourneyFailure("the photo was not filed within 60 s")
        }
        return try await newMessages(after: before).map(\.shown).joined(separator: "\n")
    }

    /// The first photo the bot sends with `caption` in its caption, once a media task has drawn it.
    func waitForPhoto(captioned caption: String, timeout: TimeInterval = 30) async throws -> BotMessage {
        let photo = try await eventualValue(within: .seconds(timeout)) {
            await messages.first { $0.kind == .photo && $0.caption?.contains(caption) == true }
        }
        guard let photo else { throw JourneyFailure("no matching photo within \(Int(timeout)) s") }
        return photo
    }

    /// The program days of the photos in the diary, in diary order.
    func photoDays() async throws -> [Int] {
        try await bot.runtime.database.photoDiary(of: user.id).photos.map(\.day)
    }

    /// The pending reminders of the user, in due order.
    func pendingJobs() async throws -> [AppDatabase.StoredJob] {
        try await bot.runtime.database.jobs(userID: user.id).filter { $0.state == "pending" }
    }

    /// Moves the clock to the next pending reminder (if it is due before `limit`) and returns what
    /// the bot sent then; nil when nothing more is planned before `limit`.
    /// `skippingMicroPractices`: micro-practices on the way are lived through, and the next other reminder is returned.
    func liveUntilNextReminder(before limit: Date, skippingMicroPractices: Bool = false) async throws -> [BotMessage]? {
        guard let next = try await pendingJobs().first, next.job.dueAt < limit else { return nil }
        if skippingMicroPractices, next.job.kind == .micro {
            _ = try await liveUntilNextReminder(before: limit)
            return try await liveUntilNextReminder(before: limit, skippingMicroPractices: true)
        }
        let before = await messages.count
        let wait = next.job.dueAt.timeIntervalSince(clock.now()) + 1
        if wait > 0 { clock.advance(by: wait) }
        let fired = try await eventually {
            try await bot.runtime.database.jobs(userID: user.id).first(where: { $0.id == next.id })?.state != "pending"
        }
        guard fired else { throw JourneyFailure("reminder \(next.job.key) never fired") }
        return try await newMessages(after: before)
    }

    /// Lives through `days` days (stopping at each reminder on the way) and returns the reminders.
    func live(days: Double) async throws -> [BotMessage] {
        let end = clock.now().addingTimeInterval(days * 86_400)
        var seen: [BotMessage] = []
        while let sent = try await liveUntilNextReminder(before: end) { seen += sent }
        let rest = end.timeIntervalSince(clock.now())
        if rest > 0 { clock.advance(by: rest) }
        return seen
    }
}

struct JourneyFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension BotMessage {
    /// Text or caption, for checks on what the user read.
    var shown: String { text ?? caption ?? "" }
}

/// Whether button data `shown` is `wanted`: exactly, or a page turn (Back, "Why?", back to the
/// practice) with the number of the page's copy the bot adds to it (`p:b:planting.2` is `p:b:planting.2.7`).
func isButton(_ shown: String?, _ wanted: String) -> Bool {
    guard let shown else { return false }
    guard shown != wanted else { return true }
    let pageTurns = ["p:b:", "p:g:", "p:wy:", "p:hb:", "p:wt:"]
    guard pageTurns.contains(where: wanted.hasPrefix), shown.hasPrefix(wanted + ".") else { return false }
    return shown.dropFirst(wanted.count + 1).allSatisfy(\.isNumber)
}

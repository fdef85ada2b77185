import TestSupport
import Foundation
import Program
@testable import Bot

/// The real engine, texts and conversation, with helpers to make users and read local times.
struct ReminderWorld {
    let engine: ProgramEngine
    let strings: BotStrings
    let conversation: Conversation
    let planner: ReminderPlanner

    init() throws {
        self.init(engine: try loadEngine(), strings: try loadStrings())
    }

    init(engine: ProgramEngine, strings: BotStrings) {
        self.engine = engine
        self.strings = strings
        conversation = Conversation(strings: strings, engine: engine, supportContact: nil)
        planner = ReminderPlanner(engine: engine)
    }

    func dispatcher(graceHours: Double = 6) -> ReminderDispatcher {
        ReminderDispatcher(planner: planner, strings: strings, grace: graceHours * 3600)
    }

    /// A user who sent /start at `now` in `zone`, as the conversation leaves them, and (unless
    /// `planted` is false) completed planting at that moment, so the program's days run from `now`.
    func startedUser(_ id: Int64 = 42, zone: String, at now: Date, reminderMinute: Int = 600, planted: Bool = true) -> UserRecord {
        var user = UserRecord(id: id, firstName: "Анна", languageCode: "ru", locale: "ru", now: now)
        user.timezone = zone
        user.reminderMinute = reminderMinute
        let started = conversation.decide(Updates.text("/start", from: id), user: user, admission: .allowed, now: now).user ?? user
        return planted ? plantingCompleted(started, at: now) : started
    }

    /// The user with planting completed at `at` (day 0 of the program).
    func plantingCompleted(_ user: UserRecord, at: Date) -> UserRecord {
        var user = user
        guard var progress = progress(of: user) else { return user }
        progress.stagesCompleted["planting"] = at
        progress.position = .stageDone(stage: "planting")
        user.progress = ProgressCoding.encode(progress)
        return user
    }

    /// The user after sending `text` (a command or an answer) at `now`.
    func send(_ text: String, as user: UserRecord, at now: Date, updateID: Int64 = 1) -> UserRecord {
        conversation.decide(Updates.text(text, from: user.id, updateID: updateID), user: user, admission: .allowed,
                            now: now).user ?? user
    }

    func progress(of user: UserRecord) -> UserProgress? {
        user.progress.flatMap { ProgressCoding.decode($0) }
    }

    /// The user moved to `position` (as if they had walked there).
    func moved(_ user: UserRecord, to position: Position) -> UserRecord {
        var user = user
        guard var progress = progress(of: user) else { return user }
        progress.position = position
        user.progress = ProgressCoding.encode(progress)
        return user
    }
}

/// `2026-03-01T09:00:00Z`-style instants.
func instant(_ iso: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: iso) ?? Date(timeIntervalSince1970: 0)
}

/// `yyyy-MM-dd HH:mm` of `date` on the wall clock of `zone`.
func wallClock(_ date: Date, _ zone: String) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
    let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return String(format: "%04d-%02d-%02d %02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
}

/// The local date `days` after `date` in `zone`, as `yyyy-MM-dd`.
func localDay(_ date: Date, plus days: Int, _ zone: String) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
    let start = calendar.startOfDay(for: date)
    let shifted = calendar.date(byAdding: .day, value: days, to: start) ?? start
    return String(wallClock(calendar.date(byAdding: .hour, value: 12, to: shifted) ?? shifted, zone).prefix(10))
}

import Foundation

/// One moment something opens: a stage, or one theme slot of a themes stage.
public struct Unlock: Sendable, Equatable {
    public let stageID: String
    /// The theme slot (0-based) in a themes stage; nil for a whole stage.
    public let slot: Int?
    /// Program day it opens on.
    public let day: Int
    /// Local midnight of that day in the user's time zone.
    public let at: Date
}

/// Program days and unlock dates. Day 0 is the local calendar day of `startedAt`; every calendar
/// day passes one program day except days held still by a pause, a stop or a skipped week.
public enum ProgramSchedule {
    /// The program day at `now` (0 = planting day), never negative.
    public static func programDay(of progress: UserProgress, now: Date, timeZone: TimeZone) -> Int {
        let calendar = gregorian(timeZone)
        let current = calendarIndex(of: now, progress: progress, calendar: calendar)
        let frozen = frozenTransitions(progress, now: now, calendar: calendar)
        return day(atCalendarIndex: current, frozen: frozen)
    }

    /// Every unlock from the user's position on (including ones already passed), in order;
    /// empty when the program is paused, stopped or complete (nothing should be announced).
    public static func unlocks(of progress: UserProgress, timeZone: TimeZone, catalog: ProgramCatalog) -> [Unlock] {
        unlocks(of: progress, timeZone: timeZone, catalog: catalog, matching: { _, _, _ in true }, limit: Int.max)
    }

    /// The first unlock (as `unlocks` lists them) whose stage, slot and day satisfy `matches`: the
    /// reminder scheduler looks up one job's unlock this way, dating only that one.
    public static func firstUnlock(of progress: UserProgress, timeZone: TimeZone, catalog: ProgramCatalog,
                                   where matches: (_ stageID: String, _ slot: Int?, _ day: Int) -> Bool) -> Unlock? {
        unlocks(of: progress, timeZone: timeZone, catalog: catalog, matching: matches, limit: 1).first
    }

    private static func unlocks(of progress: UserProgress, timeZone: TimeZone, catalog: ProgramCatalog,
                                matching matches: (String, Int?, Int) -> Bool, limit: Int) -> [Unlock] {
        guard progress.status == .active, let program = catalog.program(id: progress.programID) else { return [] }
        let calendar = gregorian(timeZone)
        // Holds are closed while active, so "now" does not matter for them.
        let frozen = frozenTransitions(progress, now: progress.startedAt, calendar: calendar)
        let horizon = program.durationDays + frozen.count + 2
        // Program day at each calendar index, counted once (it only grows with the index).
        var days: [Int] = []
        days.reserveCapacity(horizon + 1)
        var day = 0
        for index in 0...horizon {
            days.append(day)
            if !frozen.contains(index) { day += 1 }
        }
        // The scheduler renders every due reminder through here: the first midnight is found once.
        let firstMidnight = calendar.startOfDay(for: progress.startedAt)
        var found: [Unlock] = []
        for item in timeline(of: progress, program: program) where matches(item.stageID, item.slot, item.day) {
            guard let index = days.firstIndex(where: { $0 >= item.day }) else { continue }
            found.append(Unlock(stageID: item.stageID, slot: item.slot, day: item.day,
                                at: midnight(ofCalendarIndex: index, after: firstMidnight, calendar: calendar)))
            if found.count == limit { break }
        }
        return found
    }

    /// The first unlock strictly after `after` (for the reminder scheduler), or nil.
    public static func nextUnlock(of progress: UserProgress, after: Date, timeZone: TimeZone, catalog: ProgramCatalog) -> Unlock? {
        unlocks(of: progress, timeZone: timeZone, catalog: catalog).first { $0.at > after }
    }

    /// Stages and theme slots not yet reached from the user's position, with their program days.
    static func timeline(of progress: UserProgress, program: Program) -> [(stageID: String, slot: Int?, day: Int)] {
        let firstStage: Int
        var firstSlot = 0
        switch progress.position {
        case .welcome: firstStage = 0
        case .step(let stage, _): firstStage = (program.stageIndex(of: stage) ?? program.stages.count) + 1
        case .stageDone(let stage): firstStage = (program.stageIndex(of: stage) ?? program.stages.count) + 1
        case .themePicker: firstStage = program.stages.firstIndex { $0.kind == .themes } ?? program.stages.count
        case .theme(let slot):
            firstStage = program.stages.firstIndex { $0.kind == .themes } ?? program.stages.count
            firstSlot = slot
        case .nps, .npsComment, .finished: return []
        }
        var items: [(stageID: String, slot: Int?, day: Int)] = []
        for stage in program.stages.dropFirst(firstStage) {
            if stage.kind == .themes {
                let slots = ThemePlan(progress: progress, program: program).slots
                for (slot, entry) in slots.enumerated() where slot >= firstSlot {
                    items.append((stage.id, slot, entry.day))
                }
                firstSlot = 0
            } else {
                items.append((stage.id, nil, stage.day))
            }
        }
        return items
    }

    /// The local midnight when `day` (a program day) begins, or nil while the program is held
    /// open-endedly (paused or stopped).
    static func start(ofDay target: Int, progress: UserProgress, now: Date, timeZone: TimeZone) -> Date? {
        guard progress.holds.allSatisfy({ $0.kind == .skipWeek || $0.until != nil }) else { return nil }
        let calendar = gregorian(timeZone)
        let frozen = frozenTransitions(progress, now: now, calendar: calendar)
        let horizon = target + frozen.count + 2
        guard let index = (0...max(horizon, 0)).first(where: { day(atCalendarIndex: $0, frozen: frozen) >= target }) else { return nil }
        return midnight(ofCalendarIndex: index, progress: progress, calendar: calendar)
    }

    static func gregorian(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private static func calendarIndex(of date: Date, progress: UserProgress, calendar: Calendar) -> Int {
        let start = calendar.startOfDay(for: progress.startedAt)
        let end = calendar.startOfDay(for: date)
        return calendar.dateComponents([.day], from: start, to: end).day ?? 0
    }

    private static func midnight(ofCalendarIndex index: Int, progress: UserProgress, calendar: Calendar) -> Date {
        midnight(ofCalendarIndex: index, after: calendar.startOfDay(for: progress.startedAt), calendar: calendar)
    }

    /// `start` is the local midnight that began the program's first calendar day.
    private static func midnight(ofCalendarIndex index: Int, after start: Date, calendar: Calendar) -> Date {
        let shifted = calendar.date(byAdding: .day, value: index, to: start) ?? start
        return calendar.startOfDay(for: shifted)
    }

    /// Calendar-day transitions (x → x+1) that do not advance the program day.
    private static func frozenTransitions(_ progress: UserProgress, now: Date, calendar: Calendar) -> Set<Int> {
        var frozen: Set<Int> = []
        for hold in progress.holds {
            let from = calendarIndex(of: hold.from, progress: progress, calendar: calendar)
            let to: Int
            switch hold.kind {
            case .skipWeek: to = from + (hold.days ?? 7)
            case .pause, .stop: to = calendarIndex(of: hold.until ?? now, progress: progress, calendar: calendar)
            }
            if to > from { frozen.formUnion(max(from, 0)..<max(to, 0)) }
        }
        return frozen
    }

    private static func day(atCalendarIndex index: Int, frozen: Set<Int>) -> Int {
        guard index > 0 else { return 0 }
        return (0..<index).reduce(0) { $0 + (frozen.contains($1) ? 0 : 1) }
    }
}

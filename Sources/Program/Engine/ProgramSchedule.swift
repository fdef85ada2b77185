public import Foundation

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

/// Program days and unlock dates: the one numbering the bot shows everywhere (chat, photo labels,
/// collages, timelines, the PDF, admin). Day 0 is the local calendar day on which the first stage
/// (planting) was completed; until then the program stands at day 0 and nothing is scheduled.
/// From day 0 every calendar day passes one program day, except days held still by a pause, a stop
/// or a skipped week; the day never goes past the program's length.
public enum ProgramSchedule {
    /// The program day at `now`: 0 (the planting day, and every day before planting is complete)
    /// up to the program's `durationDays`.
    public static func programDay(of progress: UserProgress, program: Program, now: Date, timeZone: TimeZone) -> Int {
        guard let zero = dayZero(of: progress, program: program) else { return 0 }
        let calendar = gregorian(timeZone)
        let current = calendarIndex(of: now, from: zero, calendar: calendar)
        let frozen = frozenTransitions(progress, from: zero, now: now, calendar: calendar)
        return min(day(atCalendarIndex: current, frozen: frozen), program.durationDays)
    }

    /// When the program's day 0 began: the moment the first stage (planting) was completed, or nil
    /// while it is not. Progress stored before this was recorded counts from `startedAt`.
    public static func dayZero(of progress: UserProgress, program: Program) -> Date? {
        guard let first = program.stages.first else { return progress.startedAt }
        if let completed = progress.stagesCompleted[first.id] { return completed }
        switch progress.position {
        case .welcome: return nil
        case .step(let stage, _) where stage == first.id: return nil
        default: return progress.startedAt
        }
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
        guard progress.status == .active, let program = catalog.program(id: progress.programID),
              let zero = dayZero(of: progress, program: program) else { return [] }
        let calendar = gregorian(timeZone)
        // Holds are closed while active, so "now" does not matter for them.
        let frozen = frozenTransitions(progress, from: zero, now: zero, calendar: calendar)
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
        let firstMidnight = calendar.startOfDay(for: zero)
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
    package static func nextUnlock(of progress: UserProgress, after: Date, timeZone: TimeZone, catalog: ProgramCatalog) -> Unlock? {
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
        // A taste opens nothing past its stages.
        let reachable = progress.taste == true ? program.tasteEndIndex.map { $0 + 1 } ?? program.stages.count : program.stages.count
        for stage in program.stages.prefix(reachable).dropFirst(firstStage) {
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
    /// open-endedly (paused or stopped) or not begun (planting not complete).
    static func start(ofDay target: Int, progress: UserProgress, program: Program, now: Date, timeZone: TimeZone) -> Date? {
        guard progress.holds.allSatisfy({ $0.kind == .skipWeek || $0.until != nil }),
              let zero = dayZero(of: progress, program: program) else { return nil }
        let calendar = gregorian(timeZone)
        let frozen = frozenTransitions(progress, from: zero, now: now, calendar: calendar)
        let horizon = target + frozen.count + 2
        guard let index = (0...max(horizon, 0)).first(where: { day(atCalendarIndex: $0, frozen: frozen) >= target }) else { return nil }
        return midnight(ofCalendarIndex: index, after: calendar.startOfDay(for: zero), calendar: calendar)
    }

    static func gregorian(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private static func calendarIndex(of date: Date, from zero: Date, calendar: Calendar) -> Int {
        let start = calendar.startOfDay(for: zero)
        let end = calendar.startOfDay(for: date)
        return calendar.dateComponents([.day], from: start, to: end).day ?? 0
    }

    /// `start` is the local midnight that began the program's first calendar day.
    private static func midnight(ofCalendarIndex index: Int, after start: Date, calendar: Calendar) -> Date {
        let shifted = calendar.date(byAdding: .day, value: index, to: start) ?? start
        return calendar.startOfDay(for: shifted)
    }

    /// Calendar-day transitions (x → x+1) that do not advance the program day. Holds begun before
    /// day 0 (a pause while planting) ended before planting was complete and hold nothing.
    private static func frozenTransitions(_ progress: UserProgress, from zero: Date, now: Date, calendar: Calendar) -> Set<Int> {
        var frozen: Set<Int> = []
        for hold in progress.holds where hold.from >= zero {
            let from = calendarIndex(of: hold.from, from: zero, calendar: calendar)
            let to: Int
            switch hold.kind {
            case .skipWeek: to = from + (hold.days ?? 7)
            case .pause, .stop: to = calendarIndex(of: hold.until ?? now, from: zero, calendar: calendar)
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

import Foundation
import Program

/// Decides which reminders a user should have, from their state and `now` alone (pure).
///
/// - The next stage (or theme) to open gets an unlock reminder at the user's reminder time on its
///   local day. One at a time: when the user moves on, the next one is planned; a user who stays
///   away gets that one reminder and then the nudges, not a reminder every day.
/// - Nudges follow 2, 5 and 7 days without activity, then silence. A nudge that would come while
///   the user is only waiting for the next stage (before its reminder), or on the day of that
///   reminder or the day after, is dropped: the unlock reminder already invites them back.
/// - Micro-practices come at the reminder time on their days (days without a stage) to a user
///   active within the two days before; a nudge that would fall on such a day is dropped: the
///   micro-practice stands in for it.
/// - Until planting is complete nothing opens: only the nudges (worded as invitations to finish
///   planting by the dispatcher).
/// - After the manifesto: the closing words and diary offer later that day (unless the user read
///   it first) and the closing question the next day (`ending` jobs), until it is answered.
/// - Paused, stopped, finished, blocked and not-yet-started users get nothing, nor a gifted taste
///   that is over (it waits for a kit code).
public struct ReminderPlanner: Sendable {
    package let engine: ProgramEngine
    static let nudgeDays = [2, 5, 7]
    /// A micro-practice goes out only to a user active within this many days before it.
    static let microAfterQuietDays = 2

    package init(engine: ProgramEngine) {
        self.engine = engine
    }

    /// The jobs that should be pending for `user` at `now`, in due order.
    public func plan(for user: UserRecord, now: Date) -> [PlannedJob] {
        if let progress = Self.endingProgress(of: user) {
            return endingJobs(for: user, progress: progress).filter { $0.dueAt > now }
        }
        // A taste that is over waits for a kit code: no nudge, nothing opens.
        guard let progress = Self.activeProgress(of: user), !engine.tasteIsOver(progress) else { return [] }
        let next = unlockReminders(for: user, progress: progress).first { $0.dueAt > now }
        // Micro-practices follow activity: a user quiet for more than two days gets the nudges instead.
        let micro = microPractices(for: user, progress: progress).filter {
            $0.dueAt > now && LocalTime.daysBetween(user.lastActivityAt, and: $0.dueAt, in: user.timeZone) <= Self.microAfterQuietDays
        }
        let nudges = self.nudges(for: user, progress: progress).filter { nudge in
            guard nudge.dueAt > now else { return false }
            if micro.contains(where: { LocalTime.daysBetween($0.dueAt, and: nudge.dueAt, in: user.timeZone) == 0 }) { return false }
            guard let next else { return true }
            return LocalTime.daysBetween(next.dueAt, and: nudge.dueAt, in: user.timeZone) >= 2
        }
        return ([next].compactMap { $0 } + micro + nudges).sorted { $0.dueAt < $1.dueAt }
    }

    /// Every unlock reminder from the user's position on, including ones already past.
    func unlockReminders(for user: UserRecord, progress: UserProgress) -> [PlannedJob] {
        let zone = user.timeZone
        return ProgramSchedule.unlocks(of: progress, timeZone: zone, catalog: engine.catalog)
            .filter { $0.day > 0 } // day 0 opens at activation: nothing to announce
            .map { unlock in
                PlannedJob(key: Self.key(of: unlock, user: user, progress: progress), kind: .unlock, userID: user.id,
                           programID: progress.programID, stageID: unlock.stageID, slot: unlock.slot,
                           dueAt: LocalTime.instant(minuteOfDay: user.reminderMinute, onDayOf: unlock.at, in: zone))
            }
    }

    /// The engine's unlock behind a planned unlock reminder, if it is still ahead of the user
    /// (same program run, a stage or theme the user has not reached yet).
    package func unlock(for job: PlannedJob, user: UserRecord, progress: UserProgress) -> Unlock? {
        guard job.kind == .unlock else { return nil }
        return ProgramSchedule.firstUnlock(of: progress, timeZone: user.timeZone, catalog: engine.catalog) { stageID, slot, day in
            day > 0 && Self.key(stageID: stageID, slot: slot, user: user, progress: progress) == job.key
        }
    }

    private static func key(of unlock: Unlock, user: UserRecord, progress: UserProgress) -> String {
        key(stageID: unlock.stageID, slot: unlock.slot, user: user, progress: progress)
    }

    private static func key(stageID: String, slot: Int?, user: UserRecord, progress: UserProgress) -> String {
        let slot = slot.map { ".\($0)" } ?? ""
        return "unlock:\(user.id):\(progress.programID):\(runID(progress)):\(stageID)\(slot)"
    }

    /// The program's micro-practices at the reminder time of their days (past ones included).
    func microPractices(for user: UserRecord, progress: UserProgress) -> [PlannedJob] {
        engine.microPractices(of: progress, timeZone: user.timeZone).map { micro in
            PlannedJob(key: "micro:\(user.id):\(progress.programID):\(Self.runID(progress)):\(micro.id)", kind: .micro, userID: user.id,
                       programID: progress.programID, stageID: micro.id, slot: micro.day,
                       dueAt: LocalTime.instant(minuteOfDay: user.reminderMinute, onDayOf: micro.at, in: user.timeZone))
        }
    }

    /// Nudges counted from the last activity: each at the first reminder time at least N days later.
    func nudges(for user: UserRecord, progress: UserProgress) -> [PlannedJob] {
        let zone = user.timeZone
        let anchor = user.lastActivityAt
        let anchorDay = LocalTime.dayName(anchor, in: zone)
        return Self.nudgeDays.map { days in
            let earliest = anchor.addingTimeInterval(TimeInterval(days * 86_400))
            var due = LocalTime.instant(minuteOfDay: user.reminderMinute, daysAfter: days, dayOf: anchor, in: zone)
            if due < earliest {
                due = LocalTime.instant(minuteOfDay: user.reminderMinute, daysAfter: days + 1, dayOf: anchor, in: zone)
            }
            // Keyed by the day of the last activity, so many messages on one day re-plan the same rows.
            return PlannedJob(key: "nudge:\(user.id):\(anchorDay):\(days)", kind: .nudge, userID: user.id,
                              programID: progress.programID, stageID: nil, slot: days, dueAt: due)
        }
    }

    /// After the manifesto: the closing words and diary offer later that day (unless the user
    /// said they read it), and the closing question at the reminder time the next day.
    func endingJobs(for user: UserRecord, progress: UserProgress) -> [PlannedJob] {
        guard let schedule = engine.endingSchedule(of: progress, timeZone: user.timeZone),
              let shown = schedule.manifestoShownAt else { return [] }
        let run = "ending:\(user.id):\(progress.programID):\(Self.runID(progress))"
        var jobs: [PlannedJob] = []
        if progress.manifestoReadAt == nil, let due = schedule.closingWordsDue {
            jobs.append(PlannedJob(key: "\(run):closing", kind: .ending, userID: user.id, programID: progress.programID,
                                   stageID: nil, slot: EndingPart.closingWords.rawValue, dueAt: due))
        }
        let question = LocalTime.instant(minuteOfDay: user.reminderMinute, daysAfter: 1, dayOf: shown, in: user.timeZone)
        jobs.append(PlannedJob(key: "\(run):question", kind: .ending, userID: user.id, programID: progress.programID,
                               stageID: nil, slot: EndingPart.question.rawValue, dueAt: question))
        return jobs
    }

    /// The progress of a user whose journey ended with the manifesto and who has not answered the
    /// closing question yet, or nil.
    static func endingProgress(of user: UserRecord) -> UserProgress? {
        guard !user.isBlocked, user.status == .completed, let stored = user.progress,
              let progress = ProgressCoding.decode(stored), progress.status == .completed,
              progress.position == .nps else { return nil }
        return progress
    }

    /// The progress of a user who should get reminders at all, or nil.
    static func activeProgress(of user: UserRecord) -> UserProgress? {
        guard !user.isBlocked, user.status == .active, let stored = user.progress,
              let progress = ProgressCoding.decode(stored), progress.status == .active else { return nil }
        return progress
    }

    /// One run of a program: a reset or a new kit starts a new run with new reminder keys.
    static func runID(_ progress: UserProgress) -> Int64 {
        Int64(progress.startedAt.timeIntervalSince1970.rounded(.down))
    }
}

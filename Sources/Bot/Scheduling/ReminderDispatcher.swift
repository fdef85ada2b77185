import Foundation
import Program

/// A job read back from the jobs table because it is due.
public struct DueJob: Sendable, Equatable {
    public var id: Int64
    public var job: PlannedJob

    package init(id: Int64, job: PlannedJob) {
        self.id = id
        self.job = job
    }
}

/// What firing one user's due jobs comes to; the store applies it in the claiming transaction.
public struct JobDispatch: Sendable, Equatable {
    /// One outbox message (possibly several actions) under the key of the job it fulfils.
    public struct Message: Sendable, Equatable {
        public var key: String
        public var actions: [OutboxAction]
        /// Held back until quiet hours end; nil to send at once.
        public var notBefore: Date?
    }

    public var messages: [Message] = []
    public var done: [Int64] = []
    public var cancelled: [Int64] = []
    /// Welcome-back jobs created and fulfilled at once, kept as a record.
    public var records: [PlannedJob] = []
    /// Events to record with the messages (an experiment's exposures).
    public var events: [AnalyticsEvent] = []
}

/// Turns due jobs into messages (pure): on time or within the grace period they fire as planned;
/// older ones (the bot was down) coalesce into one "welcome back" message per user; jobs that no
/// longer fit the user's state (they moved on, paused, blocked the bot) are cancelled.
struct ReminderDispatcher: Sendable {
    let planner: ReminderPlanner
    let strings: BotStrings
    /// How late a reminder may still go out as planned (`SOGRETO_MISFIRE_GRACE_HOURS`).
    let grace: TimeInterval
    let quietHours: QuietHours
    /// `SOGRETO_SHOP_URL`, for the offer of kits not grown yet that follows the closing words.
    var shopURL: URL?

    init(planner: ReminderPlanner, strings: BotStrings, grace: TimeInterval, quietHours: QuietHours = QuietHours()) {
        self.planner = planner
        self.strings = strings
        self.grace = grace
        self.quietHours = quietHours
    }

    func dispatch(_ jobs: [DueJob], user: UserRecord?, now: Date) -> JobDispatch {
        var result = JobDispatch()
        guard let user, let progress = ReminderPlanner.activeProgress(of: user) ?? ReminderPlanner.endingProgress(of: user) else {
            result.cancelled = jobs.map(\.id)
            return result
        }
        // Only nudge jobs need the current nudge keys (a nudge is stale once the user was active again).
        let currentNudges = jobs.contains { $0.job.kind == .nudge }
            ? Set(planner.nudges(for: user, progress: progress).map(\.key)) : []
        var fresh: [(DueJob, [OutboxAction])] = []
        var stale: [DueJob] = []
        for due in jobs {
            guard let actions = render(due.job, user: user, progress: progress, currentNudges: currentNudges, now: now) else {
                result.cancelled.append(due.id)
                continue
            }
            if now.timeIntervalSince(due.job.dueAt) <= grace {
                fresh.append((due, actions))
            } else {
                stale.append(due)
            }
        }
        let release = quietHours.deliveryTime(for: now, user: user)
        let notBefore = release > now ? release : nil
        for (due, actions) in fresh {
            result.messages.append(.init(key: due.job.key, actions: actions, notBefore: notBefore))
            result.done.append(due.id)
        }
        result.done += stale.map(\.id)
        if fresh.isEmpty, let first = stale.first {
            let record = PlannedJob(key: "welcome-back:\(user.id):\(first.job.key)", kind: .welcomeBack, userID: user.id,
                                    programID: progress.programID, stageID: nil, slot: nil, dueAt: now)
            result.records.append(record)
            result.messages.append(.init(key: record.key, actions: [welcomeBack(user, progress: progress, now: now)], notBefore: notBefore))
        }
        return result
    }

    private func render(_ job: PlannedJob, user: UserRecord, progress: UserProgress,
                        currentNudges: Set<String>, now: Date) -> [OutboxAction]? {
        switch job.kind {
        case _ where (job.kind == .ending) != (progress.status == .completed):
            return nil // an ending job for a journey still running, or a reminder for one that ended
        case .ending:
            return ending(job, user: user, progress: progress)
        case .unlock:
            guard let unlock = planner.unlock(for: job, user: user, progress: progress),
                  let message = planner.engine.reminderMessage(for: unlock, progress: progress, locale: user.locale)
            else { return nil }
            let keyboard = message.buttons.isEmpty ? nil : message.buttons.map { row in
                row.map { Button($0.label, Conversation.programPrefix + $0.payload) }
            }
            return [.message(text: message.text, keyboard: keyboard)]
        case .nudge:
            guard currentNudges.contains(job.key), let days = job.slot else { return nil }
            // Before planting is complete no growth story fits: only a nudge to finish planting.
            guard planner.engine.hasPlanted(progress) else {
                return [.message(text: strings.text("reminder_planting_nudge_\(days)", user.locale, ["name": user.firstName]),
                                 keyboard: [[continueButton(user)]])]
            }
            let text = strings.text("reminder_nudge_\(days)", user.locale, ["name": user.firstName])
            return [.message(text: naming(text, user: user, progress: progress, now: now), keyboard: [[continueButton(user)]])]
        case .welcomeBack:
            return [welcomeBack(user, progress: progress, now: now)]
        case .micro:
            // Only on its own day: a pause since planning moved the day, and the re-planned job carries it.
            guard let id = job.stageID, job.programID == progress.programID,
                  let message = planner.engine.microMessage(id: id, progress: progress, now: now, timeZone: user.timeZone,
                                                            locale: user.locale) else { return nil }
            return [.message(text: message.text, keyboard: Conversation.programKeyboard(message))]
        }
    }

    /// `text` with a line naming what Continue opens, when it opens a practice now.
    private func naming(_ text: String, user: UserRecord, progress: UserProgress, now: Date) -> String {
        guard let title = planner.engine.continueTitle(of: progress, now: now, timeZone: user.timeZone, locale: user.locale)
        else { return text }
        return text + "\n\n" + strings.text("reminder_continue_opens", user.locale, ["item": title])
    }

    private func ending(_ job: PlannedJob, user: UserRecord, progress: UserProgress) -> [OutboxAction]? {
        guard let part = job.slot.flatMap(EndingPart.init(rawValue:)),
              let message = planner.engine.endingMessage(part, progress: progress, locale: user.locale) else { return nil }
        let keyboard = message.buttons.isEmpty ? nil : message.buttons.map { row in
            row.map { Button($0.label, Conversation.programPrefix + $0.payload) }
        }
        let words = OutboxAction.message(text: message.text, keyboard: keyboard)
        guard part == .closingWords else { return [words] }
        let offer = NextKitOffer(catalog: planner.engine.catalog, strings: strings, shopURL: shopURL)
            .message(for: progress, locale: user.locale)
        return [words, Conversation.practiceDiaryOffer(strings: strings, locale: user.locale)] + (offer.map { [$0] } ?? [])
    }

    private func welcomeBack(_ user: UserRecord, progress: UserProgress, now: Date) -> OutboxAction {
        .message(text: naming(strings.text("reminder_welcome_back", user.locale), user: user, progress: progress, now: now),
                 keyboard: [[continueButton(user)]])
    }

    private func continueButton(_ user: UserRecord) -> Button {
        // "k" is the engine's Continue payload: it opens whatever is current for the user.
        Button(strings.text("reminder_continue_button", user.locale), Conversation.programPrefix + "k")
    }
}

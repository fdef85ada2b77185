import Foundation

/// How many jobs and outbox rows are in each state, and when the last reminder went out:
/// what the reminder benchmark watches while a fan-out drains.
public struct QueueCensus: Sendable, Equatable {
    public var jobs: [String: Int]
    public var outbox: [String: Int]
    /// Reminder rows (priority 1) sent, and the latest `sent_at` among them.
    public var remindersSent: Int
    public var lastReminderSentAt: Date?

    public init(jobs: [String: Int] = [:], outbox: [String: Int] = [:], remindersSent: Int = 0,
                lastReminderSentAt: Date? = nil) {
        self.jobs = jobs
        self.outbox = outbox
        self.remindersSent = remindersSent
        self.lastReminderSentAt = lastReminderSentAt
    }
}

import Foundation

/// SOGRETO_RETENTION_INACTIVE_DAYS: the photos and pictures of a user inactive that long are
/// erased, after one kind warning two weeks before (pointing to /export). Coming back (any
/// message or button) voids the warning. A run erases first, then warns; each step is its own
/// transaction that checks it is still due, so a run cut short is finished by the next one.
public struct MediaRetention: Sendable {
    /// Who the audit rows name.
    public static let actor = "retention"
    /// The warning comes this long before the erasure.
    static let warningLead: TimeInterval = 14 * 86_400
    /// The shortest period the warning fits in.
    static let minimumDays = 15

    let inactiveDays: Int
    let database: any Store
    let strings: BotStrings

    init(inactiveDays: Int, database: any Store, strings: BotStrings) {
        self.inactiveDays = inactiveDays
        self.database = database
        self.strings = strings
    }

    /// One pass at `now`; audited as `retention.run` when it warned or erased anyone.
    public func run(now: Date) async throws -> RetentionRun {
        let period = TimeInterval(inactiveDays) * 86_400
        let erased = try await database.eraseInactiveMedia(inactiveSince: now.addingTimeInterval(-period),
                                                           warnedBy: now.addingTimeInterval(-Self.warningLead), now: now)
        let strings = strings, days = String(inactiveDays)
        let warned = try await database.warnInactiveUsers(
            inactiveSince: now.addingTimeInterval(-(period - Self.warningLead)), now: now) { user in
            // Not in the night: held, as reminders are, until the user's quiet hours end.
            let release = QuietHours().deliveryTime(for: now, user: user)
            return RetentionWarning(actions: [.message(text: strings.text("retention_warning", user.locale, ["days": days]),
                                                       keyboard: nil)],
                                    notBefore: release > now ? release : nil)
        }
        let run = RetentionRun(warned: warned, erased: erased)
        if run.warned + run.erased.count > 0 {
            try await database.recordAudit(actor: Self.actor, action: "retention.run", target: nil,
                                           detail: run.auditDetail(inactiveDays: inactiveDays), now: now)
        }
        return run
    }
}

/// The one message before an erasure, and when it may go out.
public struct RetentionWarning: Sendable {
    public var actions: [OutboxAction]
    public var notBefore: Date?

    init(actions: [OutboxAction], notBefore: Date? = nil) {
        self.actions = actions
        self.notBefore = notBefore
    }
}

/// What one retention pass did.
public struct RetentionRun: Sendable, Equatable {
    var warned: Int
    public var erased: [PurgeResult]

    /// Numbers only, as every audit detail.
    func auditDetail(inactiveDays: Int) -> [String: Int64?] {
        ["inactive_days": Int64(inactiveDays), "warned": Int64(warned), "erased_users": Int64(erased.count),
         "photos": Int64(erased.map(\.photos).reduce(0, +)), "renders": Int64(erased.map(\.renders).reduce(0, +)),
         "blobs": Int64(erased.map(\.releasedBlobs.count).reduce(0, +))]
    }
}

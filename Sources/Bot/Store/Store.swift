import BlobStore
import Foundation

/// Everything the bot keeps, as intent-named operations. `AppDatabase` is the SQLite (GRDB)
/// implementation; another engine implements the same operations with the same guarantees, and
/// `StoreContractTests` checks both alike. Callers hold `any Store` and never see the engine:
/// no SQL, no connection types, no engine errors to match on.
///
/// Guarantees every implementation keeps:
/// - each operation commits atomically (all of its writes or none);
/// - intake applies each update id at most once, a concurrent duplicate included, and never
///   aborts its batch for one;
/// - dates round-trip at millisecond precision (a stored date read back equals the date rounded
///   to the nearest millisecond), so comparing a date read with one written is exact;
/// - outbox rows of one chat go out in order (`dueOutbox` returns only each chat's head).
public protocol Store: ExperimentStore, Sendable {
    // MARK: Intake

    /// Applies a poll batch in one transaction, in order, each update in its own savepoint: a
    /// failing `decide` rolls back only its update, recorded with its apology. `offset`, when
    /// given, is saved in the same transaction.
    func apply(batch: [PendingUpdate], now: Date, offset: Int64?) async throws -> [BatchOutcome]
    /// Applies one update exactly once, with the user's photo diary read in its transaction.
    func apply(updateID: Int64, userID: Int64?, chatID: Int64?, now: Date,
               decideWithPhotoDiary decide: @Sendable (UserRecord?, PhotoDiary) throws -> Decision) async throws -> AppliedUpdate
    /// Records an update whose handler failed, with its apology, so it is not retried forever.
    func recordFailed(updateID: Int64, chatID: Int64?, actions: [OutboxAction], now: Date) async throws
    /// Where polling resumes.
    func updateOffset() async throws -> Int64?
    /// Remembers where polling resumes and prunes processed update ids far behind it.
    func saveUpdateOffset(_ offset: Int64) async throws
    /// Forgets processed update ids recorded before `cutoff` (webhook mode has no offset to go by).
    func pruneProcessedUpdates(before cutoff: Date) async throws -> Int

    // MARK: Outbox

    /// Queues messages not caused by an update; nothing for a user who blocked the bot. With a
    /// dedupe key, a second enqueue of the same key adds nothing.
    func enqueue(_ actions: [OutboxAction], chatID: Int64, priority: Int, dedupeKey: String?, notBefore: Date?,
                 now: Date) async throws
    /// Pending rows due at `now`, most urgent first, only each chat's head, skipping `busy` chats.
    func dueOutbox(now: Date, excludingChats busy: Set<Int64>, limit: Int) async throws -> [OutboxItem]
    /// Rows `dueOutbox` returned that Delivery did not start (its pacer holds them back) may go
    /// out later: a store whose reads claim rows (a leader's, on a shared store) unclaims them.
    func releaseOutbox(_ ids: [Int64]) async throws
    /// When the earliest pending head row becomes due.
    func nextOutboxDue() async throws -> Date?
    /// Marks delivered rows in one transaction.
    func markSent(_ rows: [SentRow]) async throws
    func markRetry(_ id: Int64, notBefore: Date, error: String) async throws
    /// Postpones every pending row of a chat to at least `until`.
    func postponeChat(_ chatID: Int64, until: Date) async throws
    func markFailed(_ id: Int64, error: String) async throws
    /// The user blocked the bot: remember it, cancel their pending rows and jobs.
    func markBlocked(chatID: Int64, now: Date) async throws
    func isBlocked(chatID: Int64) async throws -> Bool
    /// Rows not yet delivered: pending, or claimed by a delivery leader and not settled.
    func pendingOutboxCount() async throws -> Int
    /// Outbox rows that have been due for longer than `age`.
    func deliveryBacklog(olderThan age: TimeInterval, now: Date) async throws -> Int
    /// Every outbox row of a chat (of all chats when nil), oldest first: operators and tests.
    func outboxRows(chatID: Int64?) async throws -> [OutboxRow]

    // MARK: Users and events

    func user(_ id: Int64) async throws -> UserRecord?
    func events(userID: Int64) async throws -> [AnalyticsEvent]
    /// Inserts users as they are, with these jobs pending (benchmarks, drills, tests: no update path).
    func importUsers(_ users: [UserRecord], jobs: [PlannedJob], now: Date) async throws

    // MARK: Gifts

    /// The invite with this code, as stored (nil: none).
    func giftInvite(_ code: String) async throws -> GiftInvite?
    /// The invites a user made, oldest first (their export).
    func giftInvites(gifterID: Int64) async throws -> [GiftInvite]
    /// How many of a user's invites are still open at `now`: not used up and not expired.
    func openGiftInvites(gifterID: Int64, now: Date) async throws -> Int
    /// Invites per gift: made, opened by a friend, started, planted, completed.
    func giftFunnel() async throws -> GiftFunnel

    // MARK: Reminders (jobs)

    /// Re-plans one user's reminders from their stored state.
    func replanReminders(userID: Int64, now: Date) async throws
    /// Up to `limit` due jobs, oldest first, with their users, read without blocking writers.
    func readDueJobs(now: Date, limit: Int) async throws -> DueBatch
    /// Commits a dispatched batch in one transaction: outbox rows (priority 1, dedupe key = job
    /// key) with the jobs' new states; jobs no longer pending or due as read are left alone,
    /// users changed since the read are dispatched again.
    func claimDueJobs(_ batch: DueBatch, dispatched: [Int64: JobDispatch], now: Date,
                      dispatch: @Sendable ([DueJob], UserRecord?) -> JobDispatch) async throws -> FiredJobs
    func nextJobDue() async throws -> Date?
    func jobs(userID: Int64) async throws -> [StoredJob]
    /// Jobs and outbox rows by state, and the last reminder sent: benchmarks and drills.
    func queueCensus() async throws -> QueueCensus

    // MARK: Media tasks

    func recordMediaTasks(_ requests: [MediaTaskRequest], userID: Int64, chatID: Int64, now: Date) async throws
    /// Tasks left running by a process that died are pending again.
    func resetInterruptedMediaTasks(now: Date) async throws
    /// Up to `limit` due tasks, the oldest pending of each user, none for `busyUsers`.
    func claimMediaTasks(now: Date, limit: Int, busyUsers: Set<Int64>) async throws -> [MediaTask]
    func nextMediaTaskDue() async throws -> Date?
    /// Commits a running task's completion, its replies and its new state together; a task no
    /// longer running is left alone. Returns the replies queued.
    @discardableResult
    func finishMediaTask(_ task: MediaTask, now: Date, with completion: MediaTaskCompletion) async throws -> Int
    /// Renews a running task's lease while its handler works; false once the task is no longer
    /// this attempt's (its lease ran out and it was claimed again, or it ended).
    func renewMediaTaskLease(_ task: MediaTask, now: Date) async throws -> Bool
    func retryMediaTask(_ id: Int64, notBefore: Date, error: String, now: Date) async throws
    func failMediaTask(_ task: MediaTask, error: String, now: Date,
                       apology: @escaping @Sendable (UserRecord?) -> [OutboxAction]) async throws
    func mediaTasks(userID: Int64) async throws -> [MediaTaskRow]

    // MARK: Photo diary and renders

    func photoDiary(of userID: Int64) async throws -> PhotoDiary
    func storedPhotoDay(userID: Int64, fileUniqueID: String) async throws -> Int?
    func photos(userID: Int64, ids: [Int64]) async throws -> [PhotoRow]
    func photoRows(userID: Int64) async throws -> [StoredPhotoRow]
    func photoCount(userID: Int64) async throws -> Int
    func cachedRender(userID: Int64, kind: String, cacheKey: String) async throws -> String?
    func renderCount(userID: Int64) async throws -> Int

    // MARK: Telegram files

    func telegramFileID(sha256: String, kind: TelegramFileKind) async throws -> String?
    func rememberTelegramFile(sha256: String, kind: TelegramFileKind, fileID: String, now: Date) async throws
    func forgetTelegramFile(sha256: String, kind: TelegramFileKind, fileID: String) async throws

    // MARK: Support, alerts, vision

    func supportMessages(userID: Int64) async throws -> [SupportMessage]
    func incidentBook() async throws -> IncidentBook
    /// Saves the book and queues one message per admin and change, together.
    func recordIncidents(_ book: IncidentBook, changes: [IncidentChange], admins: Set<Int64>, now: Date,
                         text: @Sendable (IncidentChange, String) -> String) async throws
    /// The vision API's answer about a photo, as the advisor wrote it (JSON); the store keeps it opaque.
    func cachedVisionAnswer(sha256: String, locale: String) async throws -> String?
    func cacheVisionAnswer(_ answer: String, sha256: String, locale: String, now: Date) async throws
    /// Counts one vision call if the user's and everyone's count for `day` stay within limits.
    func reserveVisionCall(userID: Int64, day: String, perUser: Int, budget: Int) async throws -> Bool

    // MARK: Stored media and admin reports (admin API, /admin, `sogreto admin`, /metrics)

    func storageReport(budget: MediaBudget?, top: Int) async throws -> StorageReport
    func usedMediaBytes() async throws -> Int64
    func userMedia(_ userID: Int64) async throws -> UserMedia?
    func setQuota(userID: Int64, change: MediaQuota.Change, actor: String, now: Date) async throws -> MediaQuota?
    func purgeMedia(userID: Int64, actor: String, notice: @Sendable (String) -> [OutboxAction],
                    now: Date) async throws -> PurgeResult?
    func uploadAllowance(userID: Int64, incomingBytes: Int64, budget: MediaBudget?) async throws -> UploadAllowance
    @discardableResult
    func checkMediaBudget(_ budget: MediaBudget, adminIDs: Set<Int64>,
                          alert: @Sendable (MediaBudget.Usage, _ locale: String) -> OutboxAction, now: Date) async throws -> Bool
    func funnelFacts() async throws -> [FunnelReport.UserFacts]
    /// The opt-in board (`SOGRETO_LEADERBOARD`): puts the user in a start-week cohort (joining or
    /// moving), or takes them off the board (`cohort` nil).
    func setLeaderboardCohort(userID: Int64, cohort: String?, now: Date) async throws
    /// The user's cohort on the board; nil when they have not joined.
    func leaderboardCohort(userID: Int64) async throws -> String?
    /// The members of a cohort, with what the board counts from (their progress and time zone).
    func leaderboardMembers(cohort: String) async throws -> [LeaderboardMember]
    func auditLog(limit: Int) async throws -> [AuditEntry]
    /// Writes an audit row; `reason` says why an operator asked (kept as one line).
    func recordAudit(actor: String, action: String, target: String?, detail: [String: Int64?], reason: String?,
                     now: Date) async throws
    func operationalFigures() async throws -> OperationalFigures
    func mediaReferences() async throws -> MediaReferences
    func deleteMediaRows(photoIDs: [Int64], renderIDs: [Int64], actor: String, detail: [String: Int64?],
                         now: Date) async throws -> [String]
    /// Figures the crash drill checks after its last kill.
    func deliveryAudit() async throws -> DeliveryAudit

    // MARK: Blob collection

    /// Deletes cached renders made from a photo no longer in its user's diary; returns how many.
    func deleteStaleRenders() async throws -> Int
    /// Records the blobs (hex) found with no row at `now`, keeping earlier release times, and
    /// forgets every other entry. Returns each released blob's release time.
    func noteReleasedBlobs(_ unreferenced: Set<String>, now: Date) async throws -> [String: Date]
    /// Whether a photo or render row refers to the blob (hex): asked again just before deleting it.
    func isBlobReferenced(_ hex: String) async throws -> Bool
    /// Forgets a collected blob's release.
    func forgetBlobRelease(_ hex: String) async throws

    // MARK: Privacy (/forget, /export, the admin API, restores)

    /// Erases every row about the user in one transaction (events kept only as anonymous counts),
    /// records their tombstone and an audit row, queues the farewell (not to a user who blocked
    /// the bot) and a task deleting the blobs only they used. Nil when nothing was kept about them.
    func forgetUser(_ userID: Int64, request: ErasureRequest, now: Date) async throws -> ErasureResult?
    /// Whether a tombstone names the user.
    func isErased(userID: Int64) async throws -> Bool
    /// Every tombstone, oldest first.
    func tombstones() async throws -> [Tombstone]
    /// Keeps these tombstones and erases again each user they name who was there before the
    /// erasure (a restored backup); a journey begun after it stays.
    func reapply(_ tombstones: [Tombstone], now: Date) async throws -> [ErasureResult]
    /// Erasures, pending exports and retention runs since `monthStart`.
    func privacyReport(monthStart: Date) async throws -> PrivacyReport
    /// Makes erased rows unreadable in the engine's files where it can (SQLite: a WAL checkpoint).
    func scrubErasedData() async throws

    // MARK: Retention (SOGRETO_RETENTION_INACTIVE_DAYS)

    /// Warns once each user with photos or pictures who has been inactive since `inactiveSince`
    /// and was not warned since: records the notice and queues `warning(user)` (nothing for a
    /// user who blocked the bot) in one transaction per user. Returns how many.
    func warnInactiveUsers(inactiveSince: Date, now: Date,
                           warning: @escaping @Sendable (UserRecord) -> RetentionWarning) async throws -> Int
    /// Erases the photos and pictures of each user inactive since `inactiveSince` who was warned
    /// at or before `warnedBy` and has not been active since: the rows, the file ids of blobs no one
    /// else uses, an erase-blobs task and a `retention.erase` audit row, in one transaction per user.
    func eraseInactiveMedia(inactiveSince: Date, warnedBy: Date, now: Date) async throws -> [PurgeResult]

    // MARK: Schema

    /// The schema migrations applied, oldest first (`sogreto migrate` reports them).
    func appliedMigrations() async throws -> [String]
}

// Conveniences every implementation gets from the requirements above.
extension Store {
    public func apply(batch: [PendingUpdate], now: Date) async throws -> [BatchOutcome] {
        try await apply(batch: batch, now: now, offset: nil)
    }

    /// `apply` for a decision that needs no diary.
    public func apply(updateID: Int64, userID: Int64?, chatID: Int64?, now: Date,
                      decide: @Sendable (UserRecord?) throws -> Decision) async throws -> ApplyOutcome {
        try await apply(updateID: updateID, userID: userID, chatID: chatID, now: now) { user, _ in try decide(user) }.outcome
    }

    package func enqueue(_ actions: [OutboxAction], chatID: Int64, priority: Int, dedupeKey: String? = nil,
                        now: Date) async throws {
        try await enqueue(actions, chatID: chatID, priority: priority, dedupeKey: dedupeKey, notBefore: nil, now: now)
    }

    package func markSent(_ id: Int64, telegramMessageID: Int?, now: Date) async throws {
        try await markSent([SentRow(id: id, telegramMessageID: telegramMessageID, at: now)])
    }

    /// Claims up to `limit` due jobs into the outbox: read and dispatch outside the writer, then
    /// claim what is still as read (see `claimDueJobs`).
    func fireDueJobs(now: Date, limit: Int,
                            dispatch: @Sendable ([DueJob], UserRecord?) -> JobDispatch) async throws -> FiredJobs {
        let batch = try await readDueJobs(now: now, limit: limit)
        guard batch.count > 0 else { return FiredJobs() }
        var dispatched: [Int64: JobDispatch] = [:]
        for userID in batch.userIDs {
            dispatched[userID] = dispatch(batch.jobs(of: userID), batch.user(userID))
        }
        return try await claimDueJobs(batch, dispatched: dispatched, now: now, dispatch: dispatch)
    }

    public func storageReport(budget: MediaBudget?) async throws -> StorageReport {
        try await storageReport(budget: budget, top: 10)
    }

    public func auditLog() async throws -> [AuditEntry] {
        try await auditLog(limit: 100)
    }

    public func recordAudit(actor: String, action: String, target: String?, detail: [String: Int64?],
                            now: Date) async throws {
        try await recordAudit(actor: actor, action: action, target: target, detail: detail, reason: nil, now: now)
    }

    public func funnelReport() async throws -> FunnelReport {
        var report = FunnelReport.build(from: try await funnelFacts())
        report.gifts = try await giftFunnel()
        return report
    }
}

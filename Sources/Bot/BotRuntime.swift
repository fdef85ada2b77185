import Audio
import BlobStore
import Foundation
import Logging
import Program
import ServiceLifecycle
import UnixSignals

/// The running bot: the database, long-polling intake and outbox delivery, built once from the
/// configuration and used alike by `sogreto run`, tests and benchmarks.
public struct BotRuntime: Sendable {
    /// The store, whatever its engine: everything the bot does goes through its operations.
    public let database: any Store
    /// The same store when it is SQLite, for what only that engine has (file backups); nil otherwise.
    public let sqlite: AppDatabase?
    public let processor: UpdateProcessor
    public let intake: PollingIntake
    let delivery: OutboxDelivery
    package let scheduler: ReminderScheduler
    /// Alerts admins once per crossing of 90 % of the media budget; nil without a budget or admins.
    let budgetWatch: MediaBudgetWatch?
    /// Erases inactive users' media after a warning (SOGRETO_RETENTION_INACTIVE_DAYS); nil when off.
    public let retention: RetentionService?
    /// Photo ingest, renders, the PDF (the kit's handlers) and Bot's own media task kinds.
    package let media: MediaTaskRunner
    /// Where photos, renders and diaries are stored (`MediaStorage` unless a test gives one).
    public let blobs: any BlobStore
    let client: any TelegramClient
    let strings: BotStrings
    let logger: Logger
    /// Broken audio catalog entries found at start (served as text), for the admins.
    var audioProblems: [AudioProblem] { narrations.startingProblems }
    /// The narration catalog, reloaded when its manifest appears or changes.
    public let narrations: NarrationShelf
    let adminIDs: Set<Int64>
    let clock: any BotClock
    /// The bot's username as getMe reports it (gift links).
    let identity: BotIdentity

    package static func prepare(configuration: Configuration, client: any TelegramClient, clock: any BotClock,
                               limits: DeliveryLimits = DeliveryLimits(), pollTimeout: Int = 25,
                               metrics: BotMetrics = BotMetrics(), media kit: any MediaTaskKit,
                               extraMediaHandlers: [any MediaTaskHandler] = [],
                               blobs givenBlobs: (any BlobStore)? = nil,
                               store givenStore: (any Store)? = nil,
                               logger: Logger) throws -> BotRuntime {
        let blobs = try givenBlobs ?? MediaStorage.blobStore(for: configuration, cachingReads: true)
        try configuration.checkAssets()
        let catalog = try ProgramCatalog.load(from: configuration.assetsDirectory.appendingPathComponent("programs"),
                                              uiStrings: configuration.assetsDirectory.appendingPathComponent("locales"))
        let strings = try BotStrings.load(from: configuration.assetsDirectory.appendingPathComponent("locales"),
                                          variants: catalog.sharedVariants.bot)
        let engine = ProgramEngine(catalog: catalog)
        let planner = ReminderPlanner(engine: engine)
        // A store opened outside (PostgreSQL, see `reminderPlanner(for:)`) or SQLite in the data directory.
        let database: any Store = try givenStore ?? AppDatabase.open(at: configuration.databaseURL, reminderPlanner: planner)
        let sqlite = database as? AppDatabase
        let narrations = NarrationShelf(directory: configuration.audioDirectory, programs: catalog, logger: logger)
        var conversation = Conversation(strings: strings, engine: engine, supportContact: configuration.supportContact,
                                        narrations: narrations.library, adminIDs: configuration.adminIDs,
                                        privacy: configuration.privacyFacts)
        conversation.shopURL = configuration.shopURL
        conversation.leaderboardEnabled = configuration.leaderboard
        conversation.gifting = configuration.gifting
        let identity = BotIdentity()
        let wake = WakeSignal()
        let remindersWake = WakeSignal()
        var adminFigures = configuration.adminIDs.isEmpty ? nil
            : AdminFiguresReader(database: database, adminIDs: configuration.adminIDs,
                                 budget: configuration.mediaBudget, logger: logger)
        adminFigures?.experiments = catalog.experiments
        let mediaWake = WakeSignal()
        var processor = UpdateProcessor(database: database, conversation: conversation, limiter: UserRateLimiter(),
                                        clock: clock, delivery: wake, reminders: remindersWake, media: mediaWake,
                                        logger: logger, metrics: metrics, adminFigures: adminFigures, narrations: narrations)
        // Before the intake takes its copy of the processor: replies show the users' variants too.
        let experiments = ExperimentBoardReader(store: database, catalog: catalog, adminIDs: configuration.adminIDs)
        processor.experiments = experiments
        processor.identity = identity
        let intake = PollingIntake(client: client, database: database, processor: processor, clock: clock,
                                   logger: logger, pollTimeout: pollTimeout)
        let delivery = OutboxDelivery(client: client, database: database, clock: clock, wake: wake, limits: limits,
                                      dataDirectory: configuration.dataDirectory, blobs: blobs, logger: logger, metrics: metrics)
        var dispatcher = ReminderDispatcher(planner: planner, strings: strings, grace: configuration.misfireGrace)
        dispatcher.shopURL = configuration.shopURL
        var scheduler = ReminderScheduler(database: database, dispatcher: dispatcher, clock: clock, wake: remindersWake,
                                          delivery: wake, logger: logger)
        scheduler.experiments = experiments
        let kitTasks = try kit.prepare(MediaTaskContext(
            configuration: configuration, client: client, database: database, blobs: blobs, strings: strings,
            catalog: catalog, narrations: narrations, clock: clock, logger: logger))
        let handlers: [any MediaTaskHandler] = kitTasks.handlers + [
            LeaderboardHandler(database: database, catalog: catalog, strings: strings, clock: clock),
            BlobErasureHandler(blobs: blobs, database: database, dataDirectory: configuration.dataDirectory),
            ExportHandler(database: database, blobs: blobs, dataDirectory: configuration.dataDirectory, strings: strings,
                          clock: clock),
        ] + extraMediaHandlers
        var budgetWatch: MediaBudgetWatch?
        if let budget = configuration.mediaBudget, !configuration.adminIDs.isEmpty {
            budgetWatch = MediaBudgetWatch(database: database, budget: budget, adminIDs: configuration.adminIDs,
                                           strings: strings, clock: clock, delivery: wake, logger: logger)
        }
        let media = MediaTaskRunner(database: database, handlers: handlers, clock: clock, wake: mediaWake, delivery: wake,
                                    strings: strings, concurrency: kitTasks.concurrency, finished: budgetWatch?.wake,
                                    logger: logger, onStop: kitTasks.onStop)
        let retention = configuration.retentionInactiveDays.map { days in
            RetentionService(retention: MediaRetention(inactiveDays: days, database: database, strings: strings), clock: clock,
                             media: mediaWake, delivery: wake, logger: logger)
        }
        return BotRuntime(database: database, sqlite: sqlite, processor: processor, intake: intake, delivery: delivery,
                          scheduler: scheduler, budgetWatch: budgetWatch, retention: retention, media: media, blobs: blobs, client: client, strings: strings, logger: logger,
                          narrations: narrations, adminIDs: configuration.adminIDs, clock: clock, identity: identity)
    }

    /// The reminder planner over the configured content: a store opened outside `prepare` (PostgreSQL)
    /// takes it, so every update re-plans the user's reminders in its own transaction as on SQLite.
    public static func reminderPlanner(for configuration: Configuration) throws -> ReminderPlanner {
        try configuration.checkAssets()
        let catalog = try ProgramCatalog.load(from: configuration.assetsDirectory.appendingPathComponent("programs"),
                                              uiStrings: configuration.assetsDirectory.appendingPathComponent("locales"))
        return ReminderPlanner(engine: ProgramEngine(catalog: catalog))
    }

    /// Checks the token with getMe, switches Telegram to polling (unless the bot is about to set a
    /// webhook), registers the command menus and tells admins about broken audio entries.
    public func announce(polling: Bool = true) async throws {
        try await reportAudioProblems()
        let me = try await client.send(GetMe())
        logger.info("connected to Telegram", metadata: ["bot": "@\(me.username ?? "?")"])
        identity.learned(me.username)
        if polling {
            // Pending updates stay queued at Telegram and arrive through getUpdates.
            _ = try await client.send(DeleteWebhook(dropPendingUpdates: false))
        }
        for locale in strings.locales {
            let commands = processor.conversation.menuCommands.map {
                BotCommand(command: $0, description: strings.text("command_\($0)", locale))
            }
            // The default locale's menu is also the menu for every language we do not speak.
            let code: String? = locale == BotStrings.defaultLocale ? nil : locale
            _ = try await client.send(SetMyCommands(commands: commands, languageCode: code))
            if code == nil {
                _ = try await client.send(SetMyCommands(commands: commands, languageCode: locale))
            }
        }
    }

    /// Wakes Delivery after something outside an update queued messages (e.g. an admin's purge notice).
    public var outboxWake: WakeSignal { delivery.wake }

    /// Runs until cancelled or, with `handleSignals`, until SIGTERM/SIGINT; in-flight work finishes first.
    /// `intake` replaces long polling (webhook mode passes its registration and HTTP server);
    /// `background` services (backups, the alert monitor, the admin HTTP server) start before
    /// delivery and stop after it.
    /// With `leadership` (several instances on one store), delivery, the reminder scheduler and
    /// polling run only while this instance leads; media tasks and webhook intake run everywhere.
    public func run(handleSignals: Bool = true, intake replacement: [any Service]? = nil,
                    background: [any Service] = [], leadership: (any DeliveryLeadership)? = nil) async throws {
        let leaderOnly: (any Service, Bool) -> any Service = { service, takesOver in
            leadership.map { LeaderOnly(service, leadership: $0, takesOver: takesOver, logger: logger) } ?? service
        }
        let intakeServices: [any Service] = replacement ?? [leaderOnly(intake, false)]
        let watchers: [any Service] = (budgetWatch.map { [$0] } ?? []) + [NarrationCatalogWatch(shelf: narrations)]
        // The leader's services write through the leader's store, whose claims carry its term.
        let delivery = leadership.map { self.delivery.writing(to: $0.store) } ?? self.delivery
        let scheduler = leadership.map { self.scheduler.writing(to: $0.store) } ?? self.scheduler
        // Retention runs on the leader only, as reminders do, and writes through the leader's store.
        let retention: [any Service] = self.retention.map { service in
            [leaderOnly(leadership.map { service.writing(to: $0.store) } ?? service, false)]
        } ?? []
        let services = background + [leaderOnly(delivery, true), leaderOnly(scheduler, false)] + retention + [media]
            + watchers + intakeServices
        let group = ServiceGroup(configuration: .init(
            // Shut down in reverse order: intake stops taking updates first, then the budget watch,
            // media tasks (finishing what they run) and the reminder scheduler, then delivery
            // (which sends what they queued), then background work.
            services: ServiceName.configurations(services),
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        if handleSignals {
            try await TerminationSignals.run(group)
        } else {
            try await group.run()
        }
    }
}

import Foundation
import Logging
import ServiceLifecycle

/// Checks the global media budget every minute (and when woken, e.g. after an upload) and alerts
/// the admins once per crossing of 90 %. The latch lives in the database, so a restart neither
/// repeats an alert nor forgets one.
struct MediaBudgetWatch: Service {
    let database: any Store
    let budget: MediaBudget
    let adminIDs: Set<Int64>
    let strings: BotStrings
    let clock: any BotClock
    let delivery: WakeSignal
    let logger: Logger
    /// Uploads call `wake.signal()` to have the budget checked at once.
    let wake = WakeSignal()
    static let interval: TimeInterval = 60

    init(database: any Store, budget: MediaBudget, adminIDs: Set<Int64>, strings: BotStrings,
                clock: any BotClock, delivery: WakeSignal, logger: Logger) {
        self.database = database
        self.budget = budget
        self.adminIDs = adminIDs
        self.strings = strings
        self.clock = clock
        self.delivery = delivery
        self.logger = logger
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                await check()
                await wake.wait(until: clock.now().addingTimeInterval(Self.interval), clock: clock)
            }
        } onGracefulShutdown: { [wake] in
            Task { await wake.signal() }
        }
    }

    /// One check; queues the alert when use just crossed 90 %.
    func check() async {
        let strings = strings
        do {
            let alerted = try await database.checkMediaBudget(budget, adminIDs: adminIDs, alert: { usage, locale in
                .message(text: strings.text("admin_budget_alert", locale, [
                    "percent": Conversation.percent(usage.fraction, locale),
                    "used": Conversation.megabytes(usage.usedBytes, locale),
                    "budget": Conversation.megabytes(usage.budgetBytes, locale),
                ]), keyboard: nil)
            }, now: clock.now())
            if alerted {
                logger.warning("media budget 90 % used: admins alerted")
                await delivery.signal()
            }
        } catch {
            logger.error("media budget check failed", metadata: ["error": "\(ErrorSummary.of(error))"])
        }
    }
}

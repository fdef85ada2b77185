import Bot
import Foundation
import Logging
import ServiceLifecycle

/// Several instances on one database: the elector decides who delivers, and the leader's store
/// (fenced by the same elector) claims under its term. `sogreto run` builds one of these per
/// instance and runs `election` as a background service.
public struct PostgresDeliveryLeadership: DeliveryLeadership {
    public let elector: LeaderElector
    /// The store delivery and the reminder scheduler use: its claims carry the elector's term.
    public let leaderStore: PostgresAppDatabase
    public var store: any Store { leaderStore }

    public init(elector: LeaderElector, store: PostgresAppDatabase) {
        self.elector = elector
        leaderStore = store
    }

    /// Opens the leader's store (a small pool of its own) fenced by `elector`.
    public static func open(_ url: DatabaseURL, elector: LeaderElector, reminderPlanner: ReminderPlanner?,
                            logger: Logger, maximumConnections: Int = 4) async throws -> PostgresDeliveryLeadership {
        let store = try await PostgresAppDatabase.open(url, reminderPlanner: reminderPlanner, logger: logger,
                                                       maximumConnections: maximumConnections,
                                                       fence: DeliveryFence(elector))
        return PostgresDeliveryLeadership(elector: elector, store: store)
    }

    public func terms() -> AsyncStream<Int64?> {
        let changes = elector.changes()
        return AsyncStream { continuation in
            let forward = Task {
                for await change in changes { continuation.yield(change.term) }
                continuation.finish()
            }
            continuation.onTermination = { _ in forward.cancel() }
        }
    }

    public func takeOver(term: Int64) async throws {
        let requeued = try await leaderStore.requeueInFlight(before: term)
        if requeued > 0 {
            leaderStore.logger.notice("requeued messages an earlier leader left in flight", metadata: ["messages": "\(requeued)"])
        }
    }

    /// The election, as a service of the instance's group.
    public var election: some Service { ElectionService(elector: elector) }
}

struct ElectionService: Service, ShortlyDescribedService {
    let elector: LeaderElector

    func run() async throws {
        await cancelWhenGracefulShutdown { await elector.run() }
    }

    var description: String { "LeaderElection" }
}

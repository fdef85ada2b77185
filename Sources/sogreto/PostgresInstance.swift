import Bot
import Foundation
import Logging
import PostgresStore
import ServiceLifecycle

/// What `sogreto run` adds when several instances share PostgreSQL: this instance's name, its
/// part in the delivery election and the leader's (fenced) store. Every instance takes webhook
/// updates and media tasks; only the elected one delivers, fires reminders, polls and backs up.
struct PostgresInstance {
    let name: String
    let leadership: PostgresDeliveryLeadership

    /// SOGRETO_INSTANCE names the instance in logs, metrics and `leader_terms`; by default host and pid.
    static func name(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        givenName(environment) ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
    }

    /// SOGRETO_INSTANCE when set (a lone SQLite bot then labels its metrics with it too).
    static func givenName(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        environment["SOGRETO_INSTANCE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func start(_ url: DatabaseURL, reminderPlanner: ReminderPlanner, logger: Logger) async throws -> PostgresInstance {
        let name = name()
        let elector = LeaderElector(url: url, instance: name, logger: logger)
        let leadership = try await PostgresDeliveryLeadership.open(url, elector: elector, reminderPlanner: reminderPlanner,
                                                                   logger: logger)
        return PostgresInstance(name: name, leadership: leadership)
    }

    /// This instance in `/metrics` and `/healthz`: its name, and whether it leads now.
    var role: InstanceRole {
        let elector = leadership.elector
        return .elected(name: name) { elector.leadership.term }
    }

    /// The election runs beside the bot's other background work, from start to stop.
    var services: [any Service] { [leadership.election] }

    /// Services only the leader runs (the daily backup, blob collection, the alert monitor: one
    /// instance writes the incident book and tells the admins), started and stopped with leadership.
    func leaderOnly(_ services: [any Service], logger: Logger) -> [any Service] {
        services.map { LeaderOnly($0, leadership: leadership, logger: logger) }
    }
}

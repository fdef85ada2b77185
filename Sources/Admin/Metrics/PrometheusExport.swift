public import Bot
import CoreMetrics
public import Prometheus

/// `/metrics` in the Prometheus text format: the bot's counters and timers (`BotMetrics`, fed
/// through `factory`) plus gauges read from the database at scrape time (queue depth, media
/// tasks, storage bytes), so the hot paths never pay for them.
public struct PrometheusExport: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// Give this to `BotMetrics(factory:)` (or `MetricsSystem.bootstrap`) so the bot's figures land here.
    public let factory: PrometheusMetricsFactory
    /// Which instance this is (every figure carries its name as the `instance` label) and whether it leads.
    public let role: InstanceRole

    static let taskStates = ["pending", "running", "done", "failed"]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), role: InstanceRole = .alone()) {
        self.registry = registry
        self.role = role
        var factory = PrometheusMetricsFactory(registry: registry)
        if let name = role.name {
            factory.nameAndLabelSanitizer = { label, dimensions in (label, dimensions + [("instance", name)]) }
        }
        // Delivery latency: from queued to accepted by Telegram; pacing puts most under a few seconds.
        factory.defaultDurationHistogramBuckets = [.milliseconds(50), .milliseconds(100), .milliseconds(250),
                                                   .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
                                                   .seconds(15), .seconds(60), .seconds(300)]
        self.factory = factory
    }

    /// The exposition text, after refreshing the database gauges.
    func scrape(database: any Store, budget: MediaBudget?) async throws -> String {
        let figures = try await database.operationalFigures()
        gauge("outbox_pending", "Outbox messages waiting to be sent").set(Double(figures.outboxPending))
        for state in Self.taskStates {
            gauge("media_tasks", "Media tasks by state", labels: [("state", state)]).set(Double(figures.mediaTasks[state] ?? 0))
        }
        gauge("media", unit: "bytes", "Bytes of photos and renders recorded in the database").set(Double(figures.mediaBytes))
        gauge("users", "People who have written to the bot").set(Double(figures.users))
        if let budget {
            gauge("media_budget", unit: "bytes", "The global media budget (SOGRETO_MEDIA_BUDGET_MB)").set(Double(budget.bytes))
        }
        gauge("leader", "1 while this instance delivers, fires reminders, polls and backs up (always 1 on SQLite)")
            .set(Double(role.isLeader ? 1 : 0))
        gauge("leader_term", "The election term this instance leads under; 0 while it follows or without an election")
            .set(Double(role.currentTerm ?? 0))
        return registry.emitToString()
    }

    /// `sogreto_<name>[_<unit>]`; the registry hands back the same gauge for the same name and labels.
    private func gauge(_ name: String, unit: String = "", _ help: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
        let descriptor = MetricNameDescriptor(namespace: "sogreto", metricName: name, unitName: unit, helpText: help)
        return registry.makeGauge(descriptor: descriptor, labels: labels + (role.name.map { [("instance", $0)] } ?? []))
    }
}

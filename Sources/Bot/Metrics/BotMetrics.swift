import CoreMetrics
import Foundation

/// The bot's counters and timers (swift-metrics API only: the Admin module exports them in the
/// Prometheus format). Made once from a factory so the hot paths only bump an atomic; the
/// default factory is whatever `MetricsSystem` was bootstrapped with (no-op when none).
public struct BotMetrics: Sendable {
    let updates: Counter
    let replies: Counter
    let deliveryLatency: CoreMetrics.Timer
    let errors: [ErrorKind: Counter]
    let factory: any MetricsFactory

    /// What went wrong, as the `kind` label of `sogreto_errors_total`.
    enum ErrorKind: String, Sendable, CaseIterable {
        case updateFailed = "update_failed"
        case deliveryBlocked = "delivery_blocked"
        case deliveryRateLimited = "delivery_rate_limited"
        case deliveryRetry = "delivery_retry"
        case deliveryFailed = "delivery_failed"
        /// A message still failing after its last retry: dropped so its chat can go on.
        case deliveryGivenUp = "delivery_given_up"
    }

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        updates = Counter(label: "sogreto_updates_total", factory: factory)
        replies = Counter(label: "sogreto_replies_total", factory: factory)
        deliveryLatency = CoreMetrics.Timer(label: "sogreto_delivery_latency_seconds", preferredDisplayUnit: .seconds, factory: factory)
        var errors: [ErrorKind: Counter] = [:]
        for kind in ErrorKind.allCases {
            errors[kind] = Counter(label: "sogreto_errors_total", dimensions: [("kind", kind.rawValue)], factory: factory)
        }
        self.errors = errors
    }

    func updateHandled() { updates.increment() }

    /// A message reached Telegram `latency` after it was queued.
    func replySent(latency: TimeInterval) {
        replies.increment()
        deliveryLatency.recordNanoseconds(Int64(max(0, latency) * 1_000_000_000))
    }

    func error(_ kind: ErrorKind) { errors[kind]?.increment() }

    /// A media job (ingest, collage, timeline, diary…) finished: counted by kind and outcome, timed.
    func mediaJob(kind: String, succeeded: Bool, duration: Duration) {
        Counter(label: "sogreto_media_jobs_total",
                dimensions: [("kind", kind), ("outcome", succeeded ? "ok" : "failed")], factory: factory).increment()
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        CoreMetrics.Timer(label: "sogreto_media_job_duration_seconds", dimensions: [("kind", kind)], preferredDisplayUnit: .seconds,
              factory: factory).recordNanoseconds(nanoseconds)
    }
}

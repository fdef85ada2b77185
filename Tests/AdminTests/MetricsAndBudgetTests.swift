import Foundation
import GRDB
import Logging
import Testing
@testable import Admin
@testable import Bot

@Suite struct MetricsAndBudgetTests {
    @Test func metricsAreServedInThePrometheusTextFormat() async throws {
        try await withAdminWorld(budgetMB: 10) { world in
            // Given the bot counted through the export's factory, and the database holds a queue and media
            let metrics = BotMetrics(factory: world.export.factory)
            metrics.updateHandled()
            metrics.updateHandled()
            metrics.replySent(latency: 0.3)
            metrics.error(.deliveryRateLimited)
            metrics.mediaJob(kind: "collage", succeeded: true, duration: .milliseconds(240))
            try await world.addUser(1)
            let photo = try await world.addPhoto(user: 1, day: 1)
            try await world.database.enqueue([.message(text: "hi", keyboard: nil)], chatID: 1, priority: 1, now: AdminWorld.start)

            // When Prometheus scrapes
            let reply = try await world.request("GET", "/metrics")

            // Then every family is there with its value
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = reply.text
            #expect(text.contains("sogreto_updates_total 2"))
            #expect(text.contains("sogreto_replies_total 1"))
            #expect(text.contains(#"sogreto_errors_total{kind="delivery_rate_limited"} 1"#))
            #expect(text.contains(#"sogreto_errors_total{kind="update_failed"} 0"#))
            #expect(text.contains("sogreto_delivery_latency_seconds_count 1"))
            #expect(text.contains(#"sogreto_media_jobs_total{kind="collage",outcome="ok"} 1"#))
            #expect(text.contains(#"sogreto_media_job_duration_seconds_count{kind="collage"} 1"#))
            #expect(text.contains("sogreto_outbox_pending 1"))
            #expect(text.contains(#"sogreto_media_tasks{state="pending"} 0"#))
            #expect(text.contains("sogreto_media_bytes \(photo.bytes)"))
            #expect(text.contains("sogreto_media_budget_bytes 10485760"))
            #expect(text.contains("# TYPE sogreto_updates_total counter"))
            // A lone bot always leads, and has no term
            #expect(text.contains("sogreto_leader 1"))
            #expect(text.contains("sogreto_leader_term 0"))
        }
    }

    @Test func anInstanceNamesItselfInEveryFigureAndShowsWhetherItLeadsInMetricsAndHealthz() async throws {
        // Given an elected instance "b" that follows
        let term = TermBox()
        try await withAdminWorld(role: .elected(name: "b") { term.value }) { world in
            BotMetrics(factory: world.export.factory).updateHandled()
            let health: () async throws -> [String: Any] = { try await world.request("GET", "/healthz", auth: .none).json() }
            // Then /healthz and /metrics say so, every figure labelled with its name
            var status = try await health()
            #expect(status["instance"] as? String == "b")
            #expect(status["leader"] as? Bool == false)
            #expect(status["term"] == nil)
            var text = try await world.request("GET", "/metrics").text
            #expect(text.contains(#"sogreto_leader{instance="b"} 0"#))
            #expect(text.contains(#"sogreto_updates_total{instance="b"} 1"#))
            #expect(text.contains(#"sogreto_outbox_pending{instance="b"} 0"#))
            #expect(text.contains(#"sogreto_media_tasks{state="pending",instance="b"} 0"#))

            // When it wins term 4, both show it leading under that term
            term.value = 4
            status = try await health()
            #expect(status["leader"] as? Bool == true)
            #expect(status["term"] as? Int == 4)
            text = try await world.request("GET", "/metrics").text
            #expect(text.contains(#"sogreto_leader{instance="b"} 1"#))
            #expect(text.contains(#"sogreto_leader_term{instance="b"} 4"#))
        }
    }

    @Test func adminsAreAlertedOncePerCrossingOfNinetyPercent() async throws {
        try await withAdminWorld { world in
            // Given a budget of 100 KB, two admins (one English) and 80 KB stored
            let budget = MediaBudget(bytes: 100_000)
            try await world.addUser(900, locale: "en")
            try await world.addUser(1)
            let big = try await world.addPhoto(user: 1, day: 1, size: 64_000) // 80 000 bytes with its thumbnail
            let strings = try BotStrings.load(from: repositoryRoot.appendingPathComponent("assets/locales"))
            let watch = MediaBudgetWatch(database: world.database, budget: budget, adminIDs: [900, 901], strings: strings,
                                         clock: world.clock, delivery: WakeSignal(), logger: .init(label: "test"))
            let alerts = { try await world.count("SELECT COUNT(*) FROM outbox WHERE chat_id IN (900, 901)") }
            await watch.check()
            #expect(try await alerts() == 0, "80 % is below the line")

            // When use crosses 90 %, the admins get one alert each, in their language
            let small = try await world.addPhoto(user: 1, day: 2, size: 8_000) // +10 000 → 90 %
            await watch.check()
            await watch.check()
            #expect(try await alerts() == 2)
            let english = try await world.database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT action FROM outbox WHERE chat_id = 900")
            }
            #expect(english?.contains("90% of the budget") == true, "English writes no space before the sign")
            #expect(try await world.auditActions() == ["budget.alert"])

            // Use hovering above 85 % does not alert again; falling below and crossing again does
            try await world.database.writer.write { db in try db.execute(sql: "DELETE FROM photos WHERE id = ?", arguments: [small.id]) }
            await watch.check() // 80 %: re-armed
            _ = try await world.addPhoto(user: 1, day: 3, size: 8_000)
            await watch.check()
            #expect(try await alerts() == 4)
            _ = big
        }
    }

    @Test func aFullBudgetRefusesNewUploadsAndTouchesNothingStored() async throws {
        try await withAdminWorld { world in
            try await world.addUser(1)
            let photo = try await world.addPhoto(user: 1, day: 1, size: 80_000) // 100 000 bytes
            let budget = MediaBudget(bytes: 100_000)
            #expect(budget.usage(of: 100_000).level == .full)
            #expect(try await world.database.uploadAllowance(userID: 1, incomingBytes: 1, budget: budget) == .refused(.budgetFull))
            #expect(try await world.database.uploadAllowance(userID: 1, incomingBytes: 1, budget: MediaBudget(bytes: 200_000)) == .allowed)
            #expect(await world.contains(photo.main))
            #expect(await world.contains(photo.thumb))
            #expect(try await world.count("SELECT COUNT(*) FROM photos") == 1)
            let strings = try BotStrings.load(from: repositoryRoot.appendingPathComponent("assets/locales"))
            #expect(strings.text(UploadAllowance.Reason.budgetFull.textKey, "ru").contains("Всё уже сохранённое на месте"))
        }
    }
}

/// A term set by the test, read by the role.
final class TermBox: @unchecked Sendable {
    // @unchecked Sendable: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: Int64?
    var value: Int64? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

import Foundation
import Program
import Testing
@testable import Admin
@testable import Bot

/// The experiments through the admin API, the page and /metrics.
@Suite struct ExperimentEndpointTests {
    static let experiment = Experiment(id: "day2", programID: "microgreens", texts: ["stages.sprouts.unlock"],
                                       variants: [.init(id: "a", weight: 1), .init(id: "b", weight: 1)], metric: .nextStep,
                                       samplePerVariant: 10)

    /// `count` users shown `variant`, of whom `converted` open a stage an hour later.
    static func seed(_ world: AdminWorld, variant: String, count: Int, converted: Int, from first: Int64) async throws {
        for index in 0..<count {
            let user = first + Int64(index)
            try await world.addUser(user)
            try await world.addEvent(user, ExposureEvent.kind, detail: "day2:\(variant)", at: AdminWorld.start)
            if index < converted {
                try await world.addEvent(user, "stage_started", detail: "sprouts", at: AdminWorld.start.addingTimeInterval(3600))
            }
        }
    }

    @Test func anEditorWatchesStartsAndAdoptsThroughTheAPIAudited() async throws {
        try await withAdminWorld(experiments: [Self.experiment]) { world in
            // Before anything: declared, not started, not enough data
            let list = try await world.request("GET", "/admin/experiments")
            #expect(list.status == 200)
            let first = try #require((try JSONSerialization.jsonObject(with: list.body) as? [[String: Any]])?.first)
            #expect(first["id"] as? String == "day2" && first["status"] as? String == "draft")
            #expect(first["verdict"] as? String == "not-enough-data")

            // Started, then users were shown a and b
            let started = try await world.request("POST", "/admin/experiments/day2/start?by=ana")
            let startedStatus = try started.json()["status"] as? String
            #expect(started.status == 200 && startedStatus == "running")
            try await Self.seed(world, variant: "a", count: 20, converted: 5, from: 100)
            try await Self.seed(world, variant: "b", count: 20, converted: 16, from: 200)
            let one = try await world.request("GET", "/admin/experiments/day2")
            let report = try one.json()
            #expect(report["verdict"] as? String == "significant" && report["leader"] as? String == "b", "\(one.text)")
            let variants = try #require(report["variants"] as? [[String: Any]])
            #expect(variants.map { $0["exposed"] as? Int } == [20, 20] && variants.map { $0["conversions"] as? Int } == [5, 16])
            let comparison = try #require((report["comparisons"] as? [[String: Any]])?.first)
            #expect((comparison["p_value"] as? Double).map { $0 < 0.05 } == true && comparison["significant"] as? Bool == true)

            // Mistakes get a sentence; adopting a real variant is recorded and audited
            let unknown = try await world.request("GET", "/admin/experiments/nope")
            #expect(unknown.status == 404 && unknown.text.contains("known: day2"))
            let wrong = try await world.request("POST", "/admin/experiments/day2/adopt/z")
            #expect(wrong.status == 400 && wrong.text.contains("no variant"))
            let adopted = try await world.request("POST", "/admin/experiments/day2/adopt/b")
            let adoptedVariant = try adopted.json()["adopted_variant"] as? String
            #expect(adoptedVariant == "b")
            #expect(try await world.database.experimentDecisions().map(\.status) == [.adopted])
            let audit = try await world.database.auditLog(limit: 5)
            #expect(audit.map(\.action) == ["experiment.adopt", "experiment.start"])
            #expect(audit.map(\.actor) == ["http", "http:ana"] && audit.first?.target == "experiment:day2:b")

            // Without the token: nothing
            #expect(try await world.request("GET", "/admin/experiments", auth: .none).status == 401)
        }
    }

    @Test func metricsCountExposuresAndConversionsPerVariantAndThePageDrawsThem() async throws {
        try await withAdminWorld(experiments: [Self.experiment]) { world in
            try await Self.seed(world, variant: "a", count: 3, converted: 1, from: 100)
            try await Self.seed(world, variant: "b", count: 4, converted: 3, from: 200)
            try await world.addEvent(200, ExposureEvent.kind, detail: "day2:b", at: AdminWorld.start.addingTimeInterval(60))
            let text = try await world.request("GET", "/metrics").text
            #expect(text.contains(#"sogreto_experiment_exposures{experiment="day2",variant="b"} 5"#), "\(text)")
            #expect(text.contains(#"sogreto_experiment_exposed_users{experiment="day2",variant="b"} 4"#))
            #expect(text.contains(#"sogreto_experiment_conversions{experiment="day2",variant="a"} 1"#))
            #expect(text.contains(#"sogreto_experiment_conversions{experiment="day2",variant="b"} 3"#))
            let page = try await world.request("GET", "/admin", auth: .none).text
            #expect(page.contains(#"id="experiments""#) && page.contains("/admin/experiments"))
        }
    }
}

import Foundation
import Testing
@testable import Admin
@testable import Bot

/// deploy/grafana/sogreto-dashboard.json queries only what `/metrics` exports, and is shaped as
/// Grafana's "Import dashboard" expects (a Prometheus data source asked for at import).
@Suite struct GrafanaDashboardTests {
    static let file = repositoryRoot.appendingPathComponent("deploy/grafana/sogreto-dashboard.json")
    static let alerts = repositoryRoot.appendingPathComponent("deploy/prometheus/sogreto-alerts.yml")

    @Test func everyMetricTheDashboardQueriesIsOneTheBotExports() async throws {
        let dashboard = try Self.dashboard()
        let queried = Self.metricNames(in: Self.queries(dashboard))
        #expect(queried.count >= 10, "the dashboard queries \(queried.sorted())")
        let alerted = Self.metricNames(in: try Self.alertExpressions())
        #expect(alerted.count >= 4, "the alert rules query \(alerted.sorted())")
        try await withAdminWorld(budgetMB: 10, role: .elected(name: "a") { 1 }) { world in
            // Given a scrape after every kind of figure was recorded once
            let metrics = BotMetrics(factory: world.export.factory)
            metrics.updateHandled()
            metrics.replySent(latency: 0.2)
            metrics.error(.deliveryRetry)
            metrics.mediaJob(kind: "collage", succeeded: true, duration: .milliseconds(100))
            let text = try await world.request("GET", "/metrics").text
            let exported = Self.families(in: text)

            // Then every name a panel, the instance variable or an alert rule queries is an
            // exported family (a histogram's _bucket, _sum and _count belong to it)
            for name in queried.union(alerted).sorted() {
                #expect(exported[Self.family(of: name, among: exported)] != nil,
                        "\(name) is queried but /metrics has no such family: \(exported.keys.sorted())")
            }
            // And the figures it takes quantiles of are histograms, the rates counters
            for name in queried where name.hasSuffix("_bucket") {
                #expect(exported[Self.family(of: name, among: exported)] == "histogram", "\(name)")
            }
            for expression in Self.queries(dashboard) where expression.contains("rate(") {
                for name in Self.metricNames(in: [expression]) where !name.hasSuffix("_bucket") {
                    #expect(exported[name] == "counter", "rate() over \(name), a \(exported[name] ?? "missing")")
                }
            }
            // And the instance label every panel filters on is on every figure
            #expect(text.contains(#"sogreto_leader{instance="a"} 1"#))
        }
    }

    @Test func theDashboardIsAnImportableGrafanaDashboard() throws {
        let dashboard = try Self.dashboard()
        #expect(dashboard["uid"] as? String == "sogreto-instances")
        #expect((dashboard["title"] as? String)?.isEmpty == false)
        #expect((dashboard["schemaVersion"] as? Int ?? 0) >= 30)
        // The data source is asked for at import and every panel and query uses it
        let inputs = dashboard["__inputs"] as? [[String: Any]] ?? []
        #expect(inputs.contains { $0["name"] as? String == "DS_PROMETHEUS" && $0["pluginId"] as? String == "prometheus" })
        let panels = dashboard["panels"] as? [[String: Any]] ?? []
        #expect(panels.count >= 10)
        #expect(Set(panels.compactMap { $0["id"] as? Int }).count == panels.count, "panel ids must be unique")
        for panel in panels {
            let title = panel["title"] as? String ?? "?"
            #expect((panel["datasource"] as? [String: Any])?["uid"] as? String == "${DS_PROMETHEUS}", "\(title)")
            #expect(panel["gridPos"] as? [String: Any] != nil, "\(title)")
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty, "\(title)")
            #expect(targets.allSatisfy { ($0["expr"] as? String)?.contains(#"instance=~"$instance""#) == true }, "\(title)")
        }
    }

    static func dashboard() throws -> [String: Any] {
        let data = try Data(contentsOf: file)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every PromQL expression: the panels' targets and the template variables' queries.
    static func queries(_ dashboard: [String: Any]) -> [String] {
        let panels = dashboard["panels"] as? [[String: Any]] ?? []
        let targets = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? [])
            .compactMap { ($0["query"] as? [String: Any])?["query"] as? String }
        return targets + variables
    }

    /// The `expr:` of every alert rule (each on one line, as the file's header asks).
    static func alertExpressions() throws -> [String] {
        try String(contentsOf: alerts, encoding: .utf8).split(separator: "\n")
            .compactMap { line in line.firstRange(of: "expr:").map { String(line[$0.upperBound...]) } }
    }

    static func metricNames(in expressions: [String]) -> Set<String> {
        let pattern = /sogreto_[a-z0-9_]+/
        return Set(expressions.flatMap { $0.matches(of: pattern).map { String($0.output) } })
    }

    /// `# TYPE name kind` lines of the exposition: family → kind.
    static func families(in exposition: String) -> [String: String] {
        var families: [String: String] = [:]
        for line in exposition.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            if parts.count == 4 { families[String(parts[2])] = String(parts[3]) }
        }
        return families
    }

    /// The family a sample name belongs to: itself, or a histogram's name without its suffix.
    static func family(of name: String, among families: [String: String]) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if families[base] == "histogram" { return base }
        }
        return name
    }
}

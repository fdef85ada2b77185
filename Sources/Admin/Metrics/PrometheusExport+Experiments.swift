import Bot
import Foundation
import Prometheus

/// Exposures and conversions per experiment and variant, read from the database at scrape time
/// like the other database figures (so every instance reports the same totals).
extension PrometheusExport {
    func experimentsText(_ actions: AdminActions) async throws -> String {
        guard !actions.experiments.isEmpty else { return "" }
        let exposures = try await actions.database.exposureCounts()
        var lines: [String] = [
            "# HELP sogreto_experiment_exposures Messages that showed a variant's text (exposure events)",
            "# TYPE sogreto_experiment_exposures gauge",
        ]
        let reports = try await actions.experimentReports()
        for report in reports {
            for variant in report.variants {
                lines.append("sogreto_experiment_exposures\(labels(report.id, variant.id)) \(exposures["\(report.id):\(variant.id)"] ?? 0)")
            }
        }
        lines += ["# HELP sogreto_experiment_exposed_users Users shown a variant at least once",
                  "# TYPE sogreto_experiment_exposed_users gauge"]
        for report in reports {
            for variant in report.variants { lines.append("sogreto_experiment_exposed_users\(labels(report.id, variant.id)) \(variant.exposed)") }
        }
        lines += ["# HELP sogreto_experiment_conversions Exposed users who reached the experiment's metric (NPS: answered)",
                  "# TYPE sogreto_experiment_conversions gauge"]
        for report in reports {
            for variant in report.variants { lines.append("sogreto_experiment_conversions\(labels(report.id, variant.id)) \(variant.conversions)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Ids are checked by `content check` (lowercase letters, digits, hyphens): nothing to escape.
    private func labels(_ experiment: String, _ variant: String) -> String {
        var pairs = [("experiment", experiment), ("variant", variant)]
        if let name = role.name { pairs.append(("instance", name)) }
        return "{" + pairs.map { "\($0.0)=\"\($0.1.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" }.joined(separator: ",") + "}"
    }
}

public import Bot
import Foundation
import Program

/// `sogreto admin experiments [ID]`: the same reports as the API, as text.
extension AdminReports {
    public static func experiments(_ reports: [ExperimentReport]) -> String {
        guard !reports.isEmpty else { return "No experiment is declared (see README: A/B tests of texts)." }
        return TextTable(headers: ["experiment", "program", "metric", "status", "variants", "verdict"], rows: reports.map { report in
            [report.id, report.programID, report.metric.rawValue, status(report),
             report.variants.map { "\($0.id) \(value($0.value, report.metric)) of \($0.exposed)" }.joined(separator: ", "),
             verdict(report)]
        }).rendered
    }

    public static func experiment(_ report: ExperimentReport) -> String {
        var lines = ["Experiment \(report.id) (program \(report.programID)), metric \(report.metric.rawValue), \(status(report)); "
                     + "planned sample \(report.samplePerVariant) per variant"]
        lines.append(TextTable(headers: ["variant", "weight", "exposed", report.metric == .nps ? "answered" : "converted",
                                         report.metric == .nps ? "NPS" : "rate"],
                               rows: report.variants.map { [$0.id, String($0.weight), String($0.exposed), String($0.conversions),
                                                            value($0.value, report.metric)] }).rendered)
        for comparison in report.comparisons {
            let unit = report.metric == .nps ? 1.0 : 100.0
            let p = comparison.pValue.map { String(format: ", p = %.3f", $0) } ?? ""
            lines.append(String(format: "%@ vs %@: %+.1f (95 %% CI %+.1f … %+.1f)%@; %@", comparison.variant, report.control,
                                comparison.difference * unit, comparison.low * unit, comparison.high * unit, p,
                                comparison.significant ? "significant" : "not significant"))
            if let needed = comparison.neededPerVariant {
                lines.append("  \(needed) per variant detect a difference this size at 80 % power (\(comparison.stillNeeded ?? 0) more needed)")
            }
        }
        lines.append("Verdict: " + verdict(report))
        return lines.joined(separator: "\n")
    }

    private static func status(_ report: ExperimentReport) -> String {
        report.status == .adopted ? "adopted \(report.adoptedVariant ?? "?")" : report.status.rawValue
    }

    private static func verdict(_ report: ExperimentReport) -> String {
        switch report.verdict {
        case .notEnoughData: return "not enough data (until \(report.samplePerVariant) per variant)"
        case .significant: return "\(report.leader ?? "?") ahead, significant"
        case .notSignificant: return "no significant difference"
        }
    }

    private static func value(_ value: Double, _ metric: ExperimentMetric) -> String {
        metric == .nps ? String(format: "%.0f", value) : String(format: "%.1f %%", value * 100)
    }
}

import Foundation
import Program

/// The experiments part of /admin: one line per experiment and the admin's preview buttons.
extension Conversation {
    func adminExperiments(_ figures: AdminFigures, locale: String) -> (text: String, rows: [[Button]]) {
        guard !figures.experiments.isEmpty else { return ("", []) }
        let lines = figures.experiments.map { report in
            strings.text("admin_experiment_line", locale, [
                "id": report.id, "metric": report.metric.rawValue,
                "status": strings.text("admin_experiment_status_\(report.status.rawValue)", locale, ["variant": report.adoptedVariant ?? ""]),
                "variants": report.variants.map { "\($0.id) \(Self.figure($0, metric: report.metric)) (\($0.exposed))" }.joined(separator: " · "),
                "verdict": verdict(report, locale: locale),
            ])
        }
        var rows: [[Button]] = []
        for report in figures.experiments.prefix(4) {
            var row = report.variants.map { variant in
                Button(strings.text("admin_button_preview", locale, ["id": report.id, "variant": variant.id]),
                       Self.adminPrefix + "v:\(report.id):\(variant.id)")
            }
            if figures.previews[report.id] != nil {
                row.append(Button(strings.text("admin_button_preview_off", locale, ["id": report.id]), Self.adminPrefix + "v:\(report.id):-"))
            }
            rows.append(row)
        }
        return (strings.text("admin_experiments", locale, ["lines": lines.joined(separator: "\n")]), rows)
    }

    func adminPreviewAnswer(_ variant: String?, locale: String) -> String {
        variant.map { strings.text("admin_preview_saved", locale, ["variant": $0]) } ?? strings.text("admin_preview_off", locale)
    }

    private func verdict(_ report: ExperimentReport, locale: String) -> String {
        switch report.verdict {
        case .notEnoughData: return strings.text("admin_verdict_not_enough", locale)
        case .significant: return strings.text("admin_verdict_significant", locale, ["leader": report.leader ?? "?"])
        case .notSignificant: return strings.text("admin_verdict_not_significant", locale)
        }
    }

    /// A rate as a whole percent, NPS as points.
    static func figure(_ variant: ExperimentReport.VariantFigures, metric: ExperimentMetric) -> String {
        metric == .nps ? String(Int(variant.value.rounded())) : "\(Int((variant.value * 100).rounded())) %"
    }
}

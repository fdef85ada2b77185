import Foundation
import Program

/// The experiments part of the admin's Telegram: a line per experiment under /admin, the list
/// (/experiments), a card per experiment with its figures, start/stop/adopt buttons (each asks
/// to confirm first) and the admin's own preview of a variant.
extension Conversation {
    /// A change an admin makes to an experiment from Telegram, as written in callback data.
    enum ExperimentChange: Equatable {
        case start, stop
        case adopt(String)

        init?(_ parts: ArraySlice<String>) {
            switch (parts.first, parts.count) {
            case ("run", 1): self = .start
            case ("stop", 1): self = .stop
            case ("adopt", 2): self = .adopt(parts[parts.startIndex + 1])
            default: return nil
            }
        }

        var data: String {
            switch self {
            case .start: return "run"
            case .stop: return "stop"
            case .adopt(let variant): return "adopt:\(variant)"
            }
        }

        func decision(_ experimentID: String, at now: Date) -> ExperimentDecision {
            switch self {
            case .start: return ExperimentDecision(experimentID: experimentID, status: .running, changedAt: now)
            case .stop: return ExperimentDecision(experimentID: experimentID, status: .stopped, changedAt: now)
            case .adopt(let variant): return ExperimentDecision(experimentID: experimentID, status: .adopted, variant: variant, changedAt: now)
            }
        }
    }

    /// The overview's part: one line per experiment and a button opening each card.
    func adminExperiments(_ figures: AdminFigures, locale: String) -> (text: String, rows: [[Button]]) {
        guard !figures.experiments.isEmpty else { return ("", []) }
        return (strings.text("admin_experiments", locale, ["lines": experimentLines(figures, locale: locale)]),
                experimentButtons(figures, locale: locale))
    }

    func adminExperimentList(_ figures: AdminFigures, locale: String) -> (String, [[Button]]) {
        let back = [Button(strings.text("admin_button_back", locale), Self.adminPrefix + "r")]
        guard !figures.experiments.isEmpty else { return (strings.text("admin_experiments_none", locale), [back]) }
        return (strings.text("admin_experiments_list", locale, ["lines": experimentLines(figures, locale: locale)]),
                experimentButtons(figures, locale: locale) + [back])
    }

    private func experimentLines(_ figures: AdminFigures, locale: String) -> String {
        figures.experiments.map { report in
            strings.text("admin_experiment_line", locale, [
                "id": report.id, "metric": report.metric.rawValue, "status": status(report, locale: locale),
                "variants": report.variants.map { "\($0.id) \(Self.figure($0, metric: report.metric)) (\($0.exposed))" }.joined(separator: " · "),
                "verdict": verdict(report, locale: locale),
            ])
        }
        .joined(separator: "\n")
    }

    /// Callback data is at most 64 bytes: ids are at most 24 characters, so `adm:xy:ID:adopt:V` fits.
    private func experimentButtons(_ figures: AdminFigures, locale: String) -> [[Button]] {
        figures.experiments.prefix(Self.adminExperimentButtons).map { report in
            [Button(strings.text("admin_button_experiment", locale, ["id": report.id]), Self.adminPrefix + "x:\(report.id)")]
        }
    }

    static let adminExperimentButtons = 12

    /// One experiment: the figures per variant, each variant against the control, the verdict,
    /// and what the admin may do with it.
    func adminExperimentCard(_ id: String, figures: AdminFigures, locale: String) -> (String, [[Button]]) {
        let back = [Button(strings.text("admin_button_experiments", locale), Self.adminPrefix + "xl")]
        guard let report = figures.experiments.first(where: { $0.id == id }) else {
            return (strings.text("admin_experiment_missing", locale, ["id": id]), [back])
        }
        let variants = report.variants.map { variant in
            strings.text(report.metric == .nps ? "admin_experiment_variant_nps" : "admin_experiment_variant", locale, [
                "variant": variant.id, "value": Self.figure(variant, metric: report.metric),
                "conversions": String(variant.conversions), "exposed": String(variant.exposed), "weight": String(variant.weight),
            ])
        }
        let comparisons = report.comparisons.map { comparison(report, $0, locale: locale) }
        let text = strings.text("admin_experiment_card", locale, [
            "id": report.id, "program": report.programID, "status": status(report, locale: locale), "metric": report.metric.rawValue,
            "sample": String(report.samplePerVariant), "variants": variants.joined(separator: "\n"),
            "comparisons": comparisons.isEmpty ? "—" : comparisons.joined(separator: "\n"), "verdict": verdict(report, locale: locale),
        ])
        var changes: [Button] = []
        if report.status == .running {
            changes.append(changeButton(report.id, .stop, locale: locale))
        } else {
            changes.append(changeButton(report.id, .start, locale: locale))
        }
        let adopt = report.variants.filter { !(report.status == .adopted && report.adoptedVariant == $0.id) }
            .map { changeButton(report.id, .adopt($0.id), locale: locale) }
        var previews = report.variants.map { variant in
            Button(strings.text("admin_button_preview", locale, ["variant": variant.id]), Self.adminPrefix + "v:\(report.id):\(variant.id)")
        }
        if figures.previews[report.id] != nil {
            previews.append(Button(strings.text("admin_button_preview_off", locale), Self.adminPrefix + "v:\(report.id):-"))
        }
        return (text, [changes, adopt, previews, back].filter { !$0.isEmpty })
    }

    private func changeButton(_ id: String, _ change: ExperimentChange, locale: String) -> Button {
        let label: String
        switch change {
        case .start: label = strings.text("admin_button_experiment_start", locale)
        case .stop: label = strings.text("admin_button_experiment_stop", locale)
        case .adopt(let variant): label = strings.text("admin_button_experiment_adopt", locale, ["variant": variant])
        }
        return Button(label, Self.adminPrefix + "xq:\(id):\(change.data)")
    }

    /// "Stop day2-reminder?" with what it means for users, and Yes / Cancel.
    func adminExperimentQuestion(_ id: String, _ change: ExperimentChange, figures: AdminFigures, locale: String) -> (String, [[Button]]) {
        guard let report = figures.experiments.first(where: { $0.id == id }) else { return adminExperimentCard(id, figures: figures, locale: locale) }
        let text: String
        switch change {
        case .start: text = strings.text("admin_experiment_confirm_start", locale, ["id": id])
        case .stop: text = strings.text("admin_experiment_confirm_stop", locale, ["id": id, "control": report.control])
        case .adopt(let variant): text = strings.text("admin_experiment_confirm_adopt", locale, ["id": id, "variant": variant])
        }
        return (text, [[Button(strings.text("admin_button_experiment_confirm", locale), Self.adminPrefix + "xy:\(id):\(change.data)"),
                        Button(strings.text("admin_button_experiment_cancel", locale), Self.adminPrefix + "x:\(id)")]])
    }

    /// The decision a confirmed change makes, with the card's figures shown as they will be once
    /// the store saves it with this update; nil for an experiment or variant that does not exist.
    func experimentDecision(_ id: String, _ change: ExperimentChange, figures: inout AdminFigures, actor: String,
                            now: Date) -> ExperimentDecisionRequest? {
        guard let index = figures.experiments.firstIndex(where: { $0.id == id }) else { return nil }
        let made = change.decision(id, at: now)
        if let variant = made.variant, !figures.experiments[index].variants.contains(where: { $0.id == variant }) { return nil }
        figures.experiments[index].status = ExperimentReport.Status(rawValue: made.status.rawValue) ?? .draft
        figures.experiments[index].adoptedVariant = made.variant
        return ExperimentDecisionRequest(decision: made, actor: actor)
    }

    func adminExperimentChanged(_ change: ExperimentChange, locale: String) -> String {
        switch change {
        case .start: return strings.text("admin_experiment_started", locale)
        case .stop: return strings.text("admin_experiment_stopped", locale)
        case .adopt(let variant): return strings.text("admin_experiment_adopted", locale, ["variant": variant])
        }
    }

    func adminPreviewAnswer(_ variant: String?, locale: String) -> String {
        variant.map { strings.text("admin_preview_saved", locale, ["variant": $0]) } ?? strings.text("admin_preview_off", locale)
    }

    private func status(_ report: ExperimentReport, locale: String) -> String {
        strings.text("admin_experiment_status_\(report.status.rawValue)", locale, ["variant": report.adoptedVariant ?? ""])
    }

    private func comparison(_ report: ExperimentReport, _ comparison: ExperimentReport.Comparison, locale: String) -> String {
        let unit = report.metric == .nps ? 1.0 : 100.0
        func number(_ value: Double) -> String { Self.signed(value * unit, locale) }
        var line = strings.text(report.metric == .nps ? "admin_experiment_difference_nps" : "admin_experiment_difference", locale, [
            "variant": comparison.variant, "control": report.control, "difference": number(comparison.difference),
            "low": number(comparison.low), "high": number(comparison.high),
        ])
        if let p = comparison.pValue { line += strings.text("admin_experiment_p", locale, ["p": Self.decimal(p, places: 3, locale)]) }
        if let still = comparison.stillNeeded, still > 0 {
            line += strings.text("admin_experiment_still_needed", locale, ["n": String(still)])
        }
        return line
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

    /// "+5,2" / "−1.0": one decimal, always signed, in the reader's decimal separator.
    static func signed(_ value: Double, _ locale: String) -> String {
        (value >= 0 ? "+" : "−") + decimal(abs(value), places: 1, locale)
    }

    static func decimal(_ value: Double, places: Int, _ locale: String) -> String {
        let text = String(format: "%.\(places)f", value)
        return text.replacingOccurrences(of: ".", with: PercentWording(locale: locale).decimalSeparator)
    }
}

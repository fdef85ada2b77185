import Foundation

/// The admins' message for an incident change, from the locale files (`alert_*` keys).
enum AlertText {
    static func render(_ change: IncidentChange, locale: String, environment: String, thresholds: AlertThresholds,
                       strings: BotStrings) -> String {
        switch change {
        case .opened(let incident):
            let detail = strings.text("alert_detail_\(incident.kind.rawValue)", locale, [
                "value": "\(incident.value)",
                "minutes": "\(Int(thresholds.window / 60))",
                "seconds": "\(Int(thresholds.backlogAge))",
                "hours": "\(Int(thresholds.backupMaxAge / 3600))",
            ])
            return strings.text("alert_opened", locale, ["env": environment, "id": "\(incident.id)", "detail": detail])
        case .resolved(let incident, let at):
            let minutes = max(1, Int((at.timeIntervalSince(incident.openedAt) / 60).rounded()))
            return strings.text("alert_resolved", locale, [
                "env": environment, "id": "\(incident.id)", "minutes": "\(minutes)",
                "title": strings.text("alert_title_\(incident.kind.rawValue)", locale),
            ])
        }
    }
}

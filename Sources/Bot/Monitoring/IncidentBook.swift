import Foundation

/// The kinds of trouble the admins hear about.
public enum IncidentKind: String, Codable, Sendable, CaseIterable {
    case errorBurst = "error_burst"
    case rateLimited = "rate_limited"
    case deliveryBacklog = "delivery_backlog"
    case diskNearlyFull = "disk_nearly_full"
    case backupMissing = "backup_missing"
}

/// One open incident: opened once, resolved once, however many events happen in between.
public struct Incident: Codable, Sendable, Equatable {
    public var id: Int
    public var kind: IncidentKind
    var openedAt: Date
    /// The reading that opened it (errors, 429s, rows, or free percent).
    public var value: Int
    /// Since when the condition has been clear; resolved once clear for the quiet period.
    var clearSince: Date?
}

/// A change the admins are told about.
public enum IncidentChange: Sendable, Equatable {
    case opened(Incident)
    case resolved(Incident, at: Date)
}

/// The open incidents, persisted so a restart neither repeats an alert nor forgets to resolve
/// one. Pure: a reading in, the changes out.
public struct IncidentBook: Codable, Sendable, Equatable {
    public private(set) var open: [IncidentKind: Incident] = [:]
    private(set) var lastID = 0

    public init() {}

    package mutating func update(with reading: AlertReading, thresholds: AlertThresholds, now: Date) -> [IncidentChange] {
        var changes: [IncidentChange] = []
        for kind in IncidentKind.allCases {
            let value = Self.firingValue(kind, reading, thresholds)
            if var incident = open[kind] {
                if value != nil {
                    incident.clearSince = nil
                } else {
                    let since = incident.clearSince ?? now
                    incident.clearSince = since
                    if now.timeIntervalSince(since) >= thresholds.quietPeriod {
                        open[kind] = nil
                        changes.append(.resolved(incident, at: now))
                        continue
                    }
                }
                open[kind] = incident
            } else if let value {
                lastID += 1
                let incident = Incident(id: lastID, kind: kind, openedAt: now, value: value, clearSince: nil)
                open[kind] = incident
                changes.append(.opened(incident))
            }
        }
        return changes
    }

    /// The value that crosses the threshold, or nil when this kind is fine.
    static func firingValue(_ kind: IncidentKind, _ reading: AlertReading, _ thresholds: AlertThresholds) -> Int? {
        switch kind {
        case .errorBurst:
            reading.errors >= thresholds.errorBurst ? reading.errors : nil
        case .rateLimited:
            reading.rateLimits >= thresholds.rateLimits ? reading.rateLimits : nil
        case .deliveryBacklog:
            reading.backlog >= thresholds.backlogRows ? reading.backlog : nil
        case .diskNearlyFull:
            reading.diskFreePercent.flatMap { $0 < Double(thresholds.diskFreePercent) ? Int($0.rounded(.down)) : nil }
        case .backupMissing:
            reading.backupAge.flatMap { $0 > thresholds.backupMaxAge ? Int($0 / 3600) : nil }
        }
    }
}

import Foundation

/// What the store keeps about experiments: admins' decisions (audited), previews, and the facts
/// the report is computed from. Exposures themselves are `exposure` events, written with the
/// message that showed the text (`Decision.events`, `JobDispatch.events`).
public protocol ExperimentStore: Sendable {
    func experimentDecisions() async throws -> [ExperimentDecision]
    /// Saves the decision and its audit row in one transaction.
    func recordExperimentDecision(_ decision: ExperimentDecision, actor: String) async throws
    func experimentOverrides() async throws -> [ExperimentOverride]
    /// Sets (or with a nil variant removes) an admin's preview of one experiment.
    func setExperimentOverride(userID: Int64, experimentID: String, variant: String?) async throws
    /// Every user exposed to the experiment (but those kept out of it as listeners), with what they did after their first exposure.
    func exposedUsers(experimentID: String) async throws -> [ExposedUser]
    /// Exposure events per experiment and variant ("experiment:variant" → count), for /metrics.
    func exposureCounts() async throws -> [String: Int]
}

/// One exposed user and the funnel events after their first exposure.
public struct ExposedUser: Sendable, Equatable {
    public var userID: Int64
    public var variant: String
    public var firstExposedAt: Date
    /// A stage opened or finished (or the journey completed) after the exposure.
    public var reachedNextStep: Bool
    public var reachedDay7: Bool
    public var completed: Bool
    /// The latest 0–10 answer given after the exposure.
    public var nps: Int?

    public init(userID: Int64, variant: String, firstExposedAt: Date, reachedNextStep: Bool = false,
                reachedDay7: Bool = false, completed: Bool = false, nps: Int? = nil) {
        self.userID = userID
        self.variant = variant
        self.firstExposedAt = firstExposedAt
        self.reachedNextStep = reachedNextStep
        self.reachedDay7 = reachedDay7
        self.completed = completed
        self.nps = nps
    }
}

/// The exposure event: kinds and ids only, as every event.
public enum ExposureEvent {
    public static let kind = "exposure"

    public static func make(experimentID: String, programID: String, variant: String) -> AnalyticsEvent {
        AnalyticsEvent(kind: kind, programID: programID, detail: "\(experimentID):\(variant)")
    }

    /// A listener who would have been shown the experiment's texts (see `ExperimentBoard.View.keptOut`):
    /// they count in no variant, even if they read one earlier.
    static let keptOutKind = "exposure_kept_out"

    static func keptOut(experimentID: String, programID: String, variant: String) -> AnalyticsEvent {
        AnalyticsEvent(kind: keptOutKind, programID: programID, detail: "\(experimentID):\(variant)")
    }

    /// "experiment:variant" → its variant, when the detail belongs to the experiment.
    public static func variant(in detail: String, of experimentID: String) -> String? {
        let prefix = experimentID + ":"
        guard detail.hasPrefix(prefix) else { return nil }
        return String(detail.dropFirst(prefix.count))
    }

    /// Audit actions for admins' decisions ("experiment.start" …), the target naming the experiment.
    package static func auditAction(_ status: ExperimentDecision.Status) -> String {
        switch status {
        case .running: return "experiment.start"
        case .stopped: return "experiment.stop"
        case .adopted: return "experiment.adopt"
        }
    }

    package static func auditTarget(_ decision: ExperimentDecision) -> String {
        "experiment:\(decision.experimentID)" + (decision.variant.map { ":\($0)" } ?? "")
    }
}

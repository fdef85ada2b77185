import Foundation

/// What an admin decided about an experiment; an experiment with no decision has not started
/// (everyone sees the control).
public struct ExperimentDecision: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case running, stopped, adopted
    }

    public var experimentID: String
    public var status: Status
    /// The adopted variant (adopted only).
    public var variant: String?
    public var changedAt: Date

    public init(experimentID: String, status: Status, variant: String? = nil, changedAt: Date) {
        self.experimentID = experimentID
        self.status = status
        self.variant = variant
        self.changedAt = changedAt
    }
}

/// An admin previewing a variant: they see it whatever the experiment's status, and their
/// messages record no exposure.
public struct ExperimentOverride: Sendable, Equatable {
    public var userID: Int64
    public var experimentID: String
    public var variant: String

    public init(userID: Int64, experimentID: String, variant: String) {
        self.userID = userID
        self.experimentID = experimentID
        self.variant = variant
    }
}

import Foundation

/// A reminder that should exist in the jobs table: what, for whom, when, under which key.
public struct PlannedJob: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A stage (or theme slot) opens today.
        case unlock
        /// Gentle re-engagement after days without activity.
        case nudge
        /// One message standing for reminders that went stale while the bot was down.
        case welcomeBack = "welcome-back"
        /// A part of the ending after the manifesto (`slot` is the `EndingPart`).
        case ending
        /// A micro-practice on a day without a stage (`stageID` is its id).
        case micro
    }

    /// Unique per reminder: a job with the same key is the same reminder, re-planned or repeated.
    public var key: String
    public var kind: Kind
    public var userID: Int64
    public var programID: String?
    public var stageID: String?
    /// The theme slot of an unlock, the nudge's day count (2, 5, 7), or the ending's part.
    public var slot: Int?
    public var dueAt: Date

    package init(key: String, kind: Kind, userID: Int64, programID: String? = nil, stageID: String? = nil, slot: Int? = nil, dueAt: Date) {
        self.key = key
        self.kind = kind
        self.userID = userID
        self.programID = programID
        self.stageID = stageID
        self.slot = slot
        self.dueAt = dueAt
    }
}

import Foundation

/// A fact for the admin funnel: kinds and ids only, never user text.
public struct AnalyticsEvent: Sendable, Equatable {
    public var kind: String
    public var programID: String?
    public var detail: String?

    public init(kind: String, programID: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.programID = programID
        self.detail = detail
    }
}

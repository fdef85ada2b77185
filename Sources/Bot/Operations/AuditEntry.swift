import Foundation

/// One row of `audit_log`: who changed what, when (never user text).
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var actor: String
    public var action: String
    public var target: String?
    public var detail: String?
    public var at: Date

    package init(id: Int64, actor: String, action: String, target: String? = nil, detail: String? = nil, at: Date) {
        self.id = id
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.at = at
    }
}

import Foundation

/// One row of `audit_log`: who changed what, when (never user text).
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var actor: String
    public var action: String
    package var target: String?
    public var detail: String?
    /// Why an operator did it (an export or erasure asked for by another channel), one line.
    public var reason: String?
    public var at: Date

    package init(id: Int64, actor: String, action: String, target: String? = nil, detail: String? = nil,
                 reason: String? = nil, at: Date) {
        self.id = id
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.reason = reason
        self.at = at
    }

    /// A reason as audit rows keep it: one line, at most 200 characters; nil when empty.
    package static func reasonLine(_ reason: String?) -> String? {
        guard let reason else { return nil }
        let line = String(reason.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(200))
        return line.isEmpty ? nil : line
    }
}

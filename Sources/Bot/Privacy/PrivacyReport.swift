import Foundation

/// `GET /admin/privacy`: what an operator shows that erasure happened — erasures this month
/// (by hash, never by id), exports waiting, and the retention runs.
public struct PrivacyReport: Codable, Sendable, Equatable {
    public struct Erasure: Codable, Sendable, Equatable {
        /// The first 16 hex digits of the tombstone's hash.
        public var user: String
        public var erasedAt: Date
        public var actor: String
        public var reason: String?

        package init(user: String, erasedAt: Date, actor: String, reason: String?) {
            self.user = user
            self.erasedAt = erasedAt
            self.actor = actor
            self.reason = reason
        }
    }

    package var monthStart: Date
    package var erasuresThisMonth: [Erasure]
    package var erasuresInAll: Int
    package var pendingExports: Int
    /// Audit rows of retention runs this month (`retention.run`).
    package var retentionRuns: [AuditEntry]

    package init(monthStart: Date, erasuresThisMonth: [Erasure], erasuresInAll: Int, pendingExports: Int,
                 retentionRuns: [AuditEntry]) {
        self.monthStart = monthStart
        self.erasuresThisMonth = erasuresThisMonth
        self.erasuresInAll = erasuresInAll
        self.pendingExports = pendingExports
        self.retentionRuns = retentionRuns
    }
}

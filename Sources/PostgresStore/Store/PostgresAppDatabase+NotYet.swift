import Bot
import Foundation
import Media

/// Operations not yet written for PostgreSQL: each says so in a sentence instead of guessing.
extension PostgresAppDatabase {
    private func notYet<Result>(_ operation: String) throws -> Result {
        throw PostgresStoreError(code: .notYetOnPostgres(operation))
    }

    public func storageReport(budget: MediaBudget?, top: Int) async throws -> StorageReport { try notYet("the storage report") }
    public func userMedia(_ userID: Int64) async throws -> UserMedia? { try notYet("a user's media view") }
    public func setQuota(userID: Int64, change: MediaQuota.Change, actor: String, now: Date) async throws -> MediaQuota? {
        try notYet("quota changes")
    }
    public func purgeMedia(userID: Int64, actor: String, notice: @Sendable (String) -> [OutboxAction],
                           now: Date) async throws -> PurgeResult? { try notYet("media purges") }
    public func uploadAllowance(userID: Int64, incomingBytes: Int64, budget: MediaBudget?) async throws -> UploadAllowance {
        try notYet("upload allowances")
    }
    public func checkMediaBudget(_ budget: MediaBudget, adminIDs: Set<Int64>,
                                 alert: @Sendable (MediaBudget.Usage, _ locale: String) -> OutboxAction,
                                 now: Date) async throws -> Bool { try notYet("the media budget check") }
    public func funnelFacts() async throws -> [FunnelReport.UserFacts] { try notYet("the funnel figures") }
    public func mediaReferences() async throws -> MediaReferences { try notYet("media references") }
    public func deleteMediaRows(photoIDs: [Int64], renderIDs: [Int64], actor: String, detail: [String: Int64?],
                                now: Date) async throws -> [String] { try notYet("media row deletion") }
    public func deliveryAudit() async throws -> DeliveryAudit { try notYet("the delivery audit") }
}

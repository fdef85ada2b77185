public import Bot
import Foundation

/// Erasure and export on request by other channels (e-mail, a regulator): the same as the user's
/// /forget and /export, audited with who asked and why.
extension AdminActions {
    /// Erases everything about the user, tells them once, and deletes the blobs only they used
    /// at once (the erase task the store records does it again harmlessly).
    public func forgetUser(userID: Int64, actor: String, reason: String?) async throws -> ErasureResult {
        let strings = strings
        let request = ErasureRequest(actor: actor, reason: reason) { locale in
            [.message(text: strings.text("forget_done_by_operator", locale), keyboard: nil)]
        }
        guard let result = try await database.forgetUser(userID, request: request, now: clock.now()) else {
            throw AdminError.noSuchUser(userID)
        }
        try await BlobErasureHandler.delete(result.releasedBlobs, from: blobs.store, unlessReferencedIn: database)
        try await database.scrubErasedData()
        await diskUsage.invalidate()
        await outboxChanged()
        return result
    }

    /// Queues the user's export: the bot sends them the ZIP in Telegram, as after /export.
    public func requestExport(userID: Int64, actor: String, reason: String?) async throws -> ExportRequested {
        guard try await database.user(userID) != nil else { throw AdminError.noSuchUser(userID) }
        let now = clock.now()
        try await database.recordMediaTasks([ExportHandler.request()], userID: userID, chatID: userID, now: now)
        try await database.recordAudit(actor: actor, action: "user.export", target: "user:\(userID)", detail: [:],
                                       reason: reason, now: now)
        return ExportRequested(userID: userID, queued: true)
    }
}

/// The answer to an export request.
public struct ExportRequested: Codable, Sendable, Equatable {
    var userID: Int64
    var queued: Bool
}

extension AdminActions {
    /// Erasures this calendar month (UTC), exports waiting and retention runs.
    func privacyReport() async throws -> PrivacyReport {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let now = clock.now()
        let start = calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? now
        return try await database.privacyReport(monthStart: start)
    }
}

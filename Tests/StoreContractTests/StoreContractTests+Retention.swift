import Foundation
import Testing
@testable import Bot

/// Retention of inactive users' media and the audit's who and why, on every engine.
extension StoreContractTests {
    static let day: TimeInterval = 86_400
    static let warning: @Sendable (UserRecord) -> RetentionWarning = {
        RetentionWarning(actions: [.message(text: "warned \($0.locale)", keyboard: nil)])
    }

    /// Users 7 (two photos, one shared with 8, and a collage) and 8, last active at `start`.
    static func plantMedia(_ store: any Store) async throws {
        try await plantKeptData(store, user: 7, now: start)
    }

    @Test(arguments: StoreFactories.all)
    func inactiveUsersAreWarnedOnceAndTheirMediaErasedOnlyAfterTheWarning(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await Self.plantMedia(store)
        let warnDay = Self.start.addingTimeInterval(16 * Self.day)
        // Not yet inactive long enough: nobody is warned
        #expect(try await store.warnInactiveUsers(inactiveSince: Self.start.addingTimeInterval(-1), now: warnDay,
                                                  warning: Self.warning) == 0)
        // When both have been inactive long enough, each with media is warned once, in their language
        #expect(try await store.warnInactiveUsers(inactiveSince: Self.start, now: warnDay, warning: Self.warning) == 2)
        #expect(try await store.warnInactiveUsers(inactiveSince: Self.start, now: warnDay.addingTimeInterval(3600),
                                                  warning: Self.warning) == 0)
        #expect(try await store.outboxRows(chatID: 7).filter { $0.text == "warned ru" }.count == 1)
        #expect(try await store.outboxRows(chatID: 8).filter { $0.text == "warned ru" }.count == 1)
        // Nothing is erased before the warning is old enough
        #expect(try await store.eraseInactiveMedia(inactiveSince: Self.start, warnedBy: warnDay.addingTimeInterval(-1),
                                                   now: warnDay).isEmpty)
        // When user 8 comes back after the warning
        let back = warnDay.addingTimeInterval(Self.day)
        _ = try await store.apply(updateID: 50, userID: 8, chatID: 8, now: back) { stored, _ in
            var user = stored
            user?.lastActivityAt = back
            return Decision(user: user, actions: [])
        }
        // Then at the day only 7's media are erased: rows, file ids, and a task to delete the blobs
        let eraseDay = warnDay.addingTimeInterval(14 * Self.day)
        let erased = try await store.eraseInactiveMedia(inactiveSince: Self.start, warnedBy: warnDay, now: eraseDay)
        #expect(erased.count == 1)
        #expect(erased.first?.photos == 2 && erased.first?.renders == 1)
        let photoA = String(repeating: "a", count: 64), photoB = String(repeating: "b", count: 64)
        #expect(erased.first.map { $0.releasedBlobs.contains(photoA) && !$0.releasedBlobs.contains(photoB) } == true)
        #expect(try await store.photoRows(userID: 7).isEmpty)
        #expect(try await store.renderCount(userID: 7) == 0)
        #expect(try await store.telegramFileID(sha256: String(repeating: "c", count: 64), kind: .photo) == nil)
        #expect(try await store.photoRows(userID: 8).count == 1)
        // 7 keeps their account and answers: only media go
        #expect(try await store.user(7) != nil)
        let eraser = try #require(try await store.claimMediaTasks(now: eraseDay, limit: 10, busyUsers: [])
            .first { $0.kind == BlobErasureHandler.kind })
        #expect(eraser.userID == 0 && eraser.payload.contains(photoA))
        // and audited by whom and for whom
        let audit = try await store.auditLog()
        #expect(audit.first?.action == "retention.erase" && audit.first?.actor == MediaRetention.actor)
        #expect(audit.first?.target == "user:7")
        // A second pass (after a kill, or the next hour) does nothing again
        #expect(try await store.eraseInactiveMedia(inactiveSince: Self.start, warnedBy: warnDay, now: eraseDay).isEmpty)
        #expect(try await store.warnInactiveUsers(inactiveSince: Self.start, now: eraseDay, warning: Self.warning) == 0)
    }

    @Test(arguments: StoreFactories.all)
    func aRetentionRunIsAuditedAndShownInThePrivacyReport(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make(), let strings = Fixtures.strings else { return }
        try await Self.plantMedia(store)
        let retention = MediaRetention(inactiveDays: 30, database: store, strings: strings)
        // A run with nothing to do leaves no row
        #expect(try await retention.run(now: Self.start.addingTimeInterval(Self.day)) == RetentionRun(warned: 0, erased: []))
        let warned = try await retention.run(now: Self.start.addingTimeInterval(16 * Self.day))
        let erased = try await retention.run(now: Self.start.addingTimeInterval(30 * Self.day))
        #expect(warned.warned == 2 && erased.erased.count == 2)
        let report = try await store.privacyReport(monthStart: Self.start)
        #expect(report.retentionRuns.count == 2)
        #expect(report.retentionRuns.allSatisfy { $0.actor == MediaRetention.actor })
        #expect(report.retentionRuns.first?.detail?.contains("\"erased_users\":2") == true)
        #expect(report.retentionRuns.last?.detail?.contains("\"warned\":2") == true)
        // The warning is the real text, with the period and the /export hint
        let text = try #require(try await store.outboxRows(chatID: 7).last { $0.text?.contains("/export") == true }?.text)
        #expect(text.contains("30"))
    }

    @Test(arguments: StoreFactories.all)
    func operatorsErasuresAndExportsAreAuditedWithWhoAndWhy(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await Self.plantKeptData(store, user: 7, now: Self.start)
        // When an operator exports 8's data and erases 7, each saying why
        try await store.recordAudit(actor: "cli:anna", action: "user.export", target: "user:8", detail: [:],
                                    reason: "request by e-mail\nof December 6", now: Self.start)
        let request = ErasureRequest(actor: "http:anna", reason: "letter of December 6") { _ in [] }
        _ = try await store.forgetUser(7, request: request, now: Self.start.addingTimeInterval(1))
        // Then both audit rows keep who and why (one line), and the tombstone too
        let audit = try await store.auditLog()
        let forget = try #require(audit.first { $0.action == "user.forget" })
        let export = try #require(audit.first { $0.action == "user.export" })
        #expect(forget.actor == "http:anna" && forget.reason == "letter of December 6")
        #expect(export.actor == "cli:anna" && export.reason == "request by e-mail of December 6")
        #expect(try await store.privacyReport(monthStart: Self.start).erasuresThisMonth.first?.reason == "letter of December 6")
        // and a row without a reason has none
        try await store.recordAudit(actor: "http", action: "quota.set", target: "user:8", detail: [:], now: Self.start)
        #expect(try await store.auditLog().first?.reason == nil)
    }
}

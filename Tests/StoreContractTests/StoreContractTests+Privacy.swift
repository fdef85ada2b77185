import Foundation
import Testing
@testable import Bot

/// Erasure on every engine: what /forget, the admin API and a restore rely on.
extension StoreContractTests {
    static let farewell = ErasureRequest(actor: "user") { locale in [.message(text: "bye \(locale)", keyboard: nil)] }

    /// A user with events, two photos (one shared with user 8), a render, a reminder, a support
    /// message and a sent reply; user 8 keeps a photo of the same bytes.
    static func plantKeptData(_ store: any Store, user: Int64, now: Date) async throws {
        try await store.importUsers([Fixtures.user(user), Fixtures.user(8)], jobs: [Fixtures.job(user: user, key: "j\(user)", due: now.addingTimeInterval(3600))], now: now)
        _ = try await store.apply(batch: [Fixtures.reply(updateID: 1, userID: user, text: "твой ответ: тишина")], now: now)
        _ = try await Fixtures.file(Fixtures.photo("a", day: 1, bytes: 600), user: user, store: store, now: now)
        _ = try await Fixtures.file(Fixtures.photo("b", day: 2, bytes: 400), user: user, store: store, now: now)
        _ = try await Fixtures.file(Fixtures.photo("b", day: 1, bytes: 400), user: 8, store: store, now: now)
        try await store.recordMediaTasks([MediaTaskRequest(kind: "collage", payload: "{}")], userID: user, chatID: user, now: now)
        let task = try #require(try await store.claimMediaTasks(now: now, limit: 1, busyUsers: []).first)
        let render = RenderRecord(kind: "collage", cacheKey: "k", sha256: String(repeating: "c", count: 64), bytes: 10, sources: [])
        try await store.finishMediaTask(task, now: now, with: .render(render, reply: []))
        try await store.rememberTelegramFile(sha256: String(repeating: "c", count: 64), kind: .photo, fileID: "tg-c", now: now)
        _ = try await store.apply(updateID: 2, userID: user, chatID: user, now: now) { stored in
            var decision = Decision(user: stored, actions: [.message(text: "sent to the team", keyboard: nil)])
            decision.supportMessages = [SupportMessage(userID: user, direction: .fromUser, adminID: nil, kind: "text",
                                                       text: "мой секрет", fileID: nil)]
            decision.otherChats = [ChatActions(chatID: 99, actions: [.message(text: "от \(user): мой секрет",
                                                                               keyboard: [[Button("Reply", "ct:r:\(user).ru")]])])]
            return decision
        }
    }

    @Test(arguments: StoreFactories.all)
    func forgettingAUserLeavesOnlyTheTombstoneAndTheFarewell(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await Self.plantKeptData(store, user: 7, now: now)
        // When user 7 is forgotten
        let result = try #require(try await store.forgetUser(7, request: Self.farewell, now: now.addingTimeInterval(60)))
        // Then nothing of theirs is left but the tombstone and the farewell
        #expect(result.photos == 2 && result.renders == 1 && result.supportMessages == 1 && result.events == 1)
        #expect(try await store.user(7) == nil)
        #expect(try await store.events(userID: 7).isEmpty)
        #expect(try await store.photoRows(userID: 7).isEmpty)
        #expect(try await store.renderCount(userID: 7) == 0)
        #expect(try await store.jobs(userID: 7).isEmpty)
        #expect(try await store.mediaTasks(userID: 7).isEmpty)
        #expect(try await store.supportMessages(userID: 7).isEmpty)
        #expect(try await store.outboxRows(chatID: 7).map(\.text) == ["bye ru"])
        #expect(try await store.outboxRows(chatID: 99).isEmpty, "the admins' copy of the /contact message")
        #expect(try await store.telegramFileID(sha256: String(repeating: "c", count: 64), kind: .photo) == nil)
        #expect(try await store.tombstones() == [Tombstone(userHash: Tombstone.hash(of: 7), erasedAt: now.addingTimeInterval(60))])
        #expect(try await store.isErased(userID: 7))
        #expect(!(try await store.isErased(userID: 8)))
        // Only the blobs no one else uses are released, and a task (not under their id) deletes them
        let photoA = String(repeating: "a", count: 64), photoB = String(repeating: "b", count: 64)
        #expect(result.releasedBlobs.contains(photoA) && !result.releasedBlobs.contains(photoB))
        #expect(result.releasedBlobs.contains(String(repeating: "c", count: 64)))
        #expect(try await store.isBlobReferenced(photoB))
        let eraser = try #require(try await store.claimMediaTasks(now: now.addingTimeInterval(60), limit: 5, busyUsers: [])
            .first { $0.kind == BlobErasureHandler.kind })
        #expect(eraser.userID == 0 && eraser.chatID == 0)
        // User 8 is untouched; the audit names the erasure by its hash, never the id
        #expect(try await store.photoRows(userID: 8).count == 1)
        let audit = try await store.auditLog()
        #expect(audit.first?.action == "user.forget")
        #expect(audit.allSatisfy { $0.target != "user:7" })
        // The erasure report names it by hash, with who asked
        let report = try await store.privacyReport(monthStart: now)
        #expect(report.erasuresInAll == 1)
        #expect(report.erasuresThisMonth.map(\.user) == [String(Tombstone.hash(of: 7).prefix(16))])
        #expect(report.erasuresThisMonth.first?.actor == "user")
        // Forgetting someone unknown does nothing
        #expect(try await store.forgetUser(12345, request: Self.farewell, now: now) == nil)
    }

    @Test(arguments: StoreFactories.all)
    func theFarewellLeavesNoRowOnceSent(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await store.importUsers([Fixtures.user(7)], jobs: [], now: Self.start)
        _ = try await store.forgetUser(7, request: Self.farewell, now: Self.start)
        let row = try #require(try await store.dueOutbox(now: Self.start, excludingChats: [], limit: 10).first)
        try await store.markSent(row.id, telegramMessageID: 5, now: Self.start)
        #expect(try await store.outboxRows(chatID: nil).isEmpty)
    }

    @Test(arguments: StoreFactories.all)
    func aFarewellSentInABatchGoesAndTheBatchsOtherRowsStaySent(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await store.importUsers([Fixtures.user(7), Fixtures.user(8)], jobs: [], now: Self.start)
        _ = try await store.forgetUser(7, request: Self.farewell, now: Self.start)
        try await store.enqueue([.message(text: "kept", keyboard: nil)], chatID: 8, priority: 0, now: Self.start)
        let due = try await store.dueOutbox(now: Self.start, excludingChats: [], limit: 10)
        #expect(due.count == 2)
        // When both are marked sent together
        try await store.markSent(due.map { SentRow(id: $0.id, telegramMessageID: Int($0.chatID), at: Self.start) })
        // Then the farewell left no row, and the other is sent with its message id
        let rows = try await store.outboxRows(chatID: nil)
        #expect(rows.map(\.chatID) == [8])
        #expect(rows.map(\.state) == ["sent"])
        #expect(rows.first?.sentAt == Self.start)
        #expect(rows.first?.attempts == 1)
    }

    @Test(arguments: StoreFactories.all)
    func anErasureDecidedByAnUpdateCommitsWithItAndALaterUpdateBringsNothingBackButStart(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        try await Self.plantKeptData(store, user: 7, now: now)
        // When the user's confirmation is applied
        let erase = PendingUpdate(updateID: 10, userID: 7, chatID: 7, apology: []) { user, _ in
            var decision = Decision(user: user, actions: [.message(text: "erased", keyboard: nil)])
            decision.erasesUser = true
            return decision
        }
        // and, in the same batch, a late update of theirs that would save them again
        let late = Fixtures.reply(updateID: 11, userID: 7, text: "press /start")
        _ = try await store.apply(batch: [erase, late], now: now)
        // Then they are erased, the late update only replied
        #expect(try await store.user(7) == nil)
        #expect(try await store.events(userID: 7).isEmpty)
        #expect(try await store.jobs(userID: 7).isEmpty)
        #expect(try await store.outboxRows(chatID: 7).map(\.text) == ["erased", "press /start"])
        #expect(try await store.isErased(userID: 7))
        // When they send /start
        let start = PendingUpdate(updateID: 12, userID: 7, chatID: 7, apology: []) { _, _ in
            var decision = Decision(user: Fixtures.user(7), actions: [.message(text: "welcome", keyboard: nil)])
            decision.startsJourney = true
            return decision
        }
        _ = try await store.apply(batch: [start], now: now.addingTimeInterval(5))
        // Then a new journey begins from nothing
        #expect(try await store.user(7) != nil)
        #expect(try await store.photoRows(userID: 7).isEmpty)
    }

    @Test(arguments: StoreFactories.all)
    func reappliedTombstonesEraseOnlyWhatCameBeforeThem(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        let now = Self.start
        // Given a restored database where 7 (erased later, elsewhere) and 9 (erased, then began
        // again after) still have rows
        try await Self.plantKeptData(store, user: 7, now: now)
        let returned = UserRecord(id: 9, firstName: "U9", languageCode: "ru", locale: "ru", now: now.addingTimeInterval(7200))
        try await store.importUsers([returned], jobs: [], now: now.addingTimeInterval(7200))
        let stones = [Tombstone(userHash: Tombstone.hash(of: 7), erasedAt: now.addingTimeInterval(600)),
                      Tombstone(userHash: Tombstone.hash(of: 9), erasedAt: now.addingTimeInterval(3600))]
        // When the tombstones are applied again
        let results = try await store.reapply(stones, now: now.addingTimeInterval(9000))
        // Then 7 is gone again, 9's new journey stays, and both tombstones are kept
        #expect(results.map(\.userHash) == [Tombstone.hash(of: 7)])
        #expect(try await store.user(7) == nil)
        #expect(try await store.photoRows(userID: 7).isEmpty)
        #expect(try await store.user(9) != nil)
        #expect(Set(try await store.tombstones().map(\.userHash)) == Set(stones.map(\.userHash)))
    }
}

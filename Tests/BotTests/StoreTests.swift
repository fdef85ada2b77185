import TestSupport
import Foundation
import GRDB
import Testing
@testable import Bot

@Suite struct AppDatabaseTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func greet(_ user: UserRecord?) -> Decision {
        var record = user ?? UserRecord(id: 42, firstName: "Анна", languageCode: "ru", locale: "ru", now: now)
        record.status = .active
        return Decision(user: record, actions: [.message(text: "hello", keyboard: nil)],
                        events: [AnalyticsEvent(kind: "activated", programID: "microgreens", detail: "mg-1")])
    }

    @Test func anUpdateIsAppliedExactlyOnce() async throws {
        // Given a database
        let database = try AppDatabase.inMemory()
        // When the same update is applied twice (a redelivery after a crash)
        let first = try await database.apply(updateID: 10, userID: 42, chatID: 42, now: now) { greet($0) }
        let second = try await database.apply(updateID: 10, userID: 42, chatID: 42, now: now) { greet($0) }
        // Then its state, reply and event exist once
        #expect(first == .applied(messages: 1))
        #expect(second == .duplicate)
        #expect(try await database.pendingOutboxCount() == 1)
        #expect(try await database.events(userID: 42) == [AnalyticsEvent(kind: "activated", programID: "microgreens", detail: "mg-1")])
        #expect(try await database.user(42)?.status == .active)
    }

    @Test func aFailingHandlerLeavesNothingBehind() async throws {
        struct Boom: Error {}
        let database = try AppDatabase.inMemory()
        await #expect(throws: Boom.self) {
            try await database.apply(updateID: 11, userID: 42, chatID: 42, now: now) { _ in throw Boom() }
        }
        // The update was not marked processed, so it can be applied later
        let retry = try await database.apply(updateID: 11, userID: 42, chatID: 42, now: now) { greet($0) }
        #expect(retry == .applied(messages: 1))
    }

    @Test func outboxServesTheOldestRowOfEachChatAndCallbacksFirst() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue([.message(text: "a1", keyboard: nil), .message(text: "a2", keyboard: nil)],
                                   chatID: 1, priority: 0, now: now)
        try await database.enqueue([.message(text: "b1", keyboard: nil)], chatID: 2, priority: 1, now: now)
        try await database.enqueue([.answerCallback(queryID: "q", text: nil, alert: false)], chatID: 3, priority: 0, now: now)
        let due = try await database.dueOutbox(now: now, excludingChats: [], limit: 10)
        #expect(due.map(\.chatID) == [3, 1, 2])
        #expect(due[1].action == .message(text: "a1", keyboard: nil))
        let withoutBusy = try await database.dueOutbox(now: now, excludingChats: [1], limit: 10)
        #expect(withoutBusy.map(\.chatID) == [3, 2])
    }

    @Test func sentRowsLeaveTheQueueAndRetriesWaitTheirTurn() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue([.message(text: "a", keyboard: nil)], chatID: 1, priority: 0, now: now)
        let item = try #require(try await database.dueOutbox(now: now, excludingChats: [], limit: 1).first)
        try await database.markRetry(item.id, notBefore: now.addingTimeInterval(30), error: "503")
        #expect(try await database.dueOutbox(now: now, excludingChats: [], limit: 1).isEmpty)
        #expect(try await database.nextOutboxDue() == now.addingTimeInterval(30))
        let later = try #require(try await database.dueOutbox(now: now.addingTimeInterval(31), excludingChats: [], limit: 1).first)
        #expect(later.attempts == 1)
        try await database.markSent(later.id, telegramMessageID: 5, now: now)
        #expect(try await database.pendingOutboxCount() == 0)
    }

    @Test func aRowWaitingForItsRetryHoldsItsChatsLaterRowsOnly() async throws {
        let database = try AppDatabase.inMemory()
        try await database.enqueue([.message(text: "a1", keyboard: nil), .message(text: "a2", keyboard: nil)],
                                   chatID: 1, priority: 0, now: now)
        try await database.enqueue([.message(text: "b1", keyboard: nil)], chatID: 2, priority: 0, now: now)
        let first = try #require(try await database.dueOutbox(now: now, excludingChats: [], limit: 10).first)
        #expect(first.action == .message(text: "a1", keyboard: nil))
        // Given a1 failed and waits 30 s for its retry
        try await database.markRetry(first.id, notBefore: now.addingTimeInterval(30), error: "502")
        // Then a2 waits behind it while chat 2 goes on
        let due = try await database.dueOutbox(now: now.addingTimeInterval(1), excludingChats: [], limit: 10)
        #expect(due.map(\.action) == [.message(text: "b1", keyboard: nil)])
        for item in due { try await database.markSent(item.id, telegramMessageID: nil, now: now) }
        // And an answer to a button press in chat 1 is not held (the user watches a spinner)
        try await database.enqueue([.answerCallback(queryID: "q", text: nil, alert: false)], chatID: 1, priority: 0, now: now)
        let answers = try await database.dueOutbox(now: now.addingTimeInterval(1), excludingChats: [], limit: 10)
        #expect(answers.map(\.action) == [.answerCallback(queryID: "q", text: nil, alert: false)])
        for item in answers { try await database.markSent(item.id, telegramMessageID: nil, now: now) }
        #expect(try await database.nextOutboxDue() == now.addingTimeInterval(30), "Delivery sleeps until a1's retry")
        // And once a1's retry is due, a1 goes first, then a2
        let retry = try await database.dueOutbox(now: now.addingTimeInterval(31), excludingChats: [], limit: 10)
        #expect(retry.map(\.action) == [.message(text: "a1", keyboard: nil)])
        try await database.markFailed(retry[0].id, error: "gave up")
        let next = try await database.dueOutbox(now: now.addingTimeInterval(31), excludingChats: [], limit: 10)
        #expect(next.map(\.action) == [.message(text: "a2", keyboard: nil)])
    }

    @Test func blockingCancelsThePendingQueue() async throws {
        let database = try AppDatabase.inMemory()
        _ = try await database.apply(updateID: 1, userID: 42, chatID: 42, now: now) { greet($0) }
        try await database.enqueue([.message(text: "reminder", keyboard: nil)], chatID: 42, priority: 1, now: now)
        try await database.markBlocked(chatID: 42, now: now)
        #expect(try await database.pendingOutboxCount() == 0)
        #expect(try await database.isBlocked(chatID: 42))
        // Later reminders are not even queued
        try await database.enqueue([.message(text: "day 5", keyboard: nil)], chatID: 42, priority: 1, now: now)
        #expect(try await database.pendingOutboxCount() == 0)
    }

    @Test func dedupeKeysPreventTwinMessages() async throws {
        let database = try AppDatabase.inMemory()
        for _ in 0..<3 {
            try await database.enqueue([.message(text: "day 2", keyboard: nil)], chatID: 1, priority: 1,
                                       dedupeKey: "42/microgreens/sprouts/unlock", now: now)
        }
        #expect(try await database.pendingOutboxCount() == 1)
    }

    @Test func theUpdateOffsetSurvivesReopening() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("sogreto.sqlite")
        do {
            let database = try AppDatabase.open(at: url)
            try await database.saveUpdateOffset(1234)
        }
        let reopened = try AppDatabase.open(at: url)
        #expect(try await reopened.updateOffset() == 1234)
        #expect(try reopened.appliedMigrations() == ["v1-foundation", "v2-reminders", "v3-media", "v4-photos", "v5-program-days", "v6-outbox-chat-order", "v7-support-messages", "v8-telegram-file-kinds", "v9-blob-releases", "v10-processed-updates-by-age", "v11-erasures", "v12-experiments", "v13-audit-reasons-and-retention", "v14-gifting", "v15-leaderboard"])
        let mode = try await reopened.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}

import Foundation
import GRDB
import Logging
import Testing
@testable import Bot
import TestSupport

@Suite struct UpdateProcessorTests {
    func processor(_ database: AppDatabase) throws -> UpdateProcessor {
        let conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil)
        return UpdateProcessor(database: database, conversation: conversation, limiter: UserRateLimiter(),
                               clock: ManualClock(), delivery: WakeSignal(), logger: Logger(label: "test"))
    }

    @Test func aFailingHandlerGivesTheUserAGentleApologyAndIsNotRetriedForever() async throws {
        // Given a store that cannot record analytics (a broken disk, a bad migration…)
        let database = try AppDatabase.inMemory()
        try await database.writer.write { db in try db.execute(sql: "DROP TABLE events") }
        let processor = try processor(database)
        // When a new user starts (which records an activation event)
        await processor.process(Updates.text("/start mg-1", updateID: 77))
        // Then nothing of the failed transaction remains, but the user is told kindly
        #expect(try await database.user(42) == nil)
        let due = try await database.dueOutbox(now: Date.distantFuture, excludingChats: [], limit: 10)
        #expect(due.count == 1)
        guard case .message(let text, _)? = due.first?.action else { Issue.record("no apology"); return }
        #expect(text.contains("что-то пошло не так"))
        // And the update counts as handled: a redelivery does nothing
        await processor.process(Updates.text("/start mg-1", updateID: 77))
        #expect(try await database.pendingOutboxCount() == 1)
    }

    @Test func aButtonPressThatFailsStillStopsTheSpinner() async throws {
        let database = try AppDatabase.inMemory()
        let processor = try processor(database)
        await processor.process(Updates.text("/start", updateID: 1))
        try await database.writer.write { db in try db.execute(sql: "DROP TABLE events") }
        await processor.process(Updates.callback("p:k", updateID: 2))
        let actions = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM outbox WHERE update_id = 2 ORDER BY id")
        }
        #expect(actions.count == 2)
        #expect(actions.first?.contains("answerCallback") == true)
    }
}

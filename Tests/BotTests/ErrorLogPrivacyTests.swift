import Foundation
import GRDB
import Logging
import NIOConcurrencyHelpers
import Testing
@testable import Bot
import TestSupport

/// A failure is logged in its own words (SQLite's message, Telegram's sentence), and an error that
/// carries a token or a user's words gives only its type: neither reaches the log or an error row.
@Suite struct ErrorLogPrivacyTests {
    static let token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    static let marker = "zephyr-caption-words"

    /// An error from somewhere unexpected whose text holds everything a log must not.
    struct Leaky: Error, CustomStringConvertible {
        var description: String { "upstream said \(ErrorLogPrivacyTests.marker) for https://api.telegram.org/bot\(ErrorLogPrivacyTests.token)/x" }
    }

    func expectNothingLeaked(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains(Self.marker), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains(String(Self.token.split(separator: ":")[1])), "\(text)", sourceLocation: sourceLocation)
    }

    @Test func pollingFailuresAreLoggedAsTheirSentencesWithoutTokenOrQuotedWords() async throws {
        // Given a Telegram that fails: an odd error, then a refusal quoting words from a message
        let refusal = TelegramError(method: "getUpdates", kind: .api(code: 400, description:
            "Bad Request: can't parse entities: Unsupported start tag \"\(Self.marker)\" at byte offset 0", retryAfter: nil))
        let client = FailingTelegram(errors: [Leaky(), refusal])
        let log = RecordedLog()
        let clock = ManualClock()
        let database = try AppDatabase.inMemory()
        let conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil)
        let processor = UpdateProcessor(database: database, conversation: conversation, limiter: UserRateLimiter(),
                                        clock: clock, delivery: WakeSignal(), logger: quietLogger)
        let intake = PollingIntake(client: client, database: database, processor: processor, clock: clock, logger: log.logger)
        // When the intake polls twice, backing off between
        let polling = Task { try await intake.run() }
        #expect(try await eventually { !clock.sleeperDeadlines.isEmpty })
        clock.advance(by: 60)
        #expect(try await eventually { client.calls >= 2 && !clock.sleeperDeadlines.isEmpty })
        polling.cancel()
        _ = await polling.result
        // Then each failure has its line, the odd one by type, Telegram's by its sentence
        let lines = log.text.split(separator: "\n").filter { $0.hasPrefix("warning polling failed, retrying") }
        #expect(lines.count == 2, "\(log.text)")
        #expect(lines.first?.contains("error=Leaky ") == true, "\(lines)")
        #expect(lines.last?.contains("error=Telegram refused getUpdates: 400 Bad Request: can't parse entities: "
            + "Unsupported start tag \"…\" at byte offset 0 ") == true, "\(lines)")
        expectNothingLeaked(log.text)
    }

    @Test func aFailedMediaTaskKeepsItsWordsOutOfTheLogAndTheErrorRow() async throws {
        // Given two tasks: one whose handler fails with a sentence, one with an error holding a caption
        let database = try AppDatabase.inMemory()
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        try await database.writer.write { db in
            try UserRecord(id: 1, firstName: "U1", languageCode: "ru", locale: "ru", now: now).insert(db)
        }
        for kind in ["broken", "leaky"] {
            try await database.recordMediaTasks([MediaTaskRequest(kind: kind, payload: "{}")], userID: 1, chatID: 1, now: now)
        }
        let log = RecordedLog()
        let runner = MediaTaskRunner(database: database, handlers: [BrokenHandler(), LeakyHandler()], clock: SystemClock(),
                                     wake: WakeSignal(), delivery: WakeSignal(), strings: try loadStrings(), maxAttempts: 1,
                                     logger: log.logger)
        // When both run and fail for good
        let running = Task { try await runner.run() }
        #expect(try await eventually { try await database.mediaTasks(userID: 1).allSatisfy { $0.state == "failed" } })
        running.cancel()
        _ = await running.result
        // Then the log and the rows say the sentence, and only the type of the error with the caption
        let rows = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT last_error FROM media_tasks ORDER BY id")
        }
        #expect(rows == ["The service is down.", "Leaky"])
        let failures = log.text.split(separator: "\n").filter { $0.hasPrefix("error media task failed for good") }
        #expect(failures.count == 2)
        #expect(failures.contains { $0.contains("error=The service is down.") })
        #expect(failures.contains { $0.contains("error=Leaky ") })
        expectNothingLeaked(log.text)
    }

    @Test func aFailedRetentionRunLogsSQLitesMessage() async throws {
        // Given a store whose retention table is gone
        let database = try AppDatabase.inMemory()
        try await database.writer.write { db in try db.execute(sql: "DROP TABLE retention_notices") }
        let log = RecordedLog()
        let service = RetentionService(retention: MediaRetention(inactiveDays: 30, database: database, strings: try loadStrings()),
                                       clock: ManualClock(), media: WakeSignal(), delivery: WakeSignal(), logger: log.logger)
        // When a pass runs
        #expect(await service.runOnce() == nil)
        // Then the line gives SQLite's code and message, not the statement
        let line = log.text.split(separator: "\n").first { $0.hasPrefix("error retention run failed") }
        #expect(line == "error retention run failed error=SQLite error 1: no such table: retention_notices", "\(log.text)")
    }
}

/// Fails every request with the next error of its list (the last one over and over).
final class FailingTelegram: TelegramClient {
    private let errors: [any Error]
    private let count = NIOLockedValueBox(0)

    init(errors: [any Error]) { self.errors = errors }

    var calls: Int { count.withLockedValue { $0 } }

    func send<Method: TelegramMethod>(_ method: Method) async throws -> Method.Result {
        let call = count.withLockedValue { value in
            value += 1
            return value
        }
        throw errors[min(call, errors.count) - 1]
    }

    func downloadFile(path: String, maxBytes: Int) async throws -> Data {
        throw errors[0]
    }
}

/// Fails with an error whose text holds a user's caption and a token.
struct LeakyHandler: MediaTaskHandler {
    let kind = "leaky"
    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        throw ErrorLogPrivacyTests.Leaky()
    }
}

import Audio
import BlobStore
import Foundation
import GRDB
import HTTPTransport
import S3
import Testing
@testable import Bot

/// Log lines and error rows say what failed in its library's words, never the values involved.
@Suite struct ErrorSummaryTests {
    @Test func aSQLiteErrorGivesItsCodeAndMessageButNotTheArguments() throws {
        let queue = try DatabaseQueue()
        try queue.write { try $0.execute(sql: "CREATE TABLE wishes (text TEXT UNIQUE)") }
        let wish = "Хочу вырастить сад для мамы"
        try queue.write { try $0.execute(sql: "INSERT INTO wishes (text) VALUES (?)", arguments: [wish]) }
        let failure = #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "INSERT INTO wishes (text) VALUES (?)", arguments: [wish]) }
        }
        let summary = ErrorSummary.of(try #require(failure))
        #expect(summary == "SQLite error 2067: UNIQUE constraint failed: wishes.text")
        #expect(!summary.contains(wish))
    }

    @Test func transportErrorsSayLibcurlsTextAndTheirRequest() {
        let error = TransportError(label: "getFile", kind: .transport("timed out: no answer within 10.0 s"))
        #expect(ErrorSummary.of(error) == "getFile: timed out: no answer within 10.0 s")
    }

    @Test func blobStoreAndBucketErrorsGiveTheirSentences() {
        let missing = BlobStoreError(.storage, "The media folder /srv/media is not writable.")
        #expect(ErrorSummary.of(missing) == "The media folder /srv/media is not writable.")
        let refused = S3Error(kind: .refused(status: 403, code: "SignatureDoesNotMatch"), operation: "PUT \"ab/cd\"",
                              bucket: "photos", endpoint: "http://127.0.0.1:9000")
        #expect(ErrorSummary.of(refused) == refused.description)
        #expect(ErrorSummary.of(refused).contains("SignatureDoesNotMatch"))
    }

    @Test func telegramsSentenceKeepsItsWordsButNotWhatItQuotesNorTheToken() {
        let quoting = TelegramError(method: "sendMessage", kind: .api(code: 400, description:
            "Bad Request: can't parse entities: Unsupported start tag \"мама\" at byte offset 12", retryAfter: nil))
        #expect(ErrorSummary.of(quoting)
                == "Telegram refused sendMessage: 400 Bad Request: can't parse entities: Unsupported start tag \"…\" at byte offset 12")
        let echoing = TelegramError(method: "getFile", kind: .transport(
            "proxy: \"unterminated https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getFile"))
        #expect(ErrorSummary.of(echoing) == "Telegram could not be reached for getFile: proxy: \"…")
        let plain = TelegramError(method: "sendMessage", kind: .api(code: 403, description: "Forbidden: bot was blocked by the user",
                                                                    retryAfter: nil))
        #expect(ErrorSummary.of(plain) == plain.description)
    }

    @Test func theProjectsOwnSentencesAreGivenWhole() {
        #expect(ErrorSummary.of(MediaTaskError("getFile gave no file path.")) == "getFile gave no file path.")
        #expect(ErrorSummary.of(AudioError(.toolFailed, "lame exited with 1: out of memory")) == "lame exited with 1: out of memory")
    }

    @Test func anUnknownErrorGivesOnlyItsTypeSinceItsTextCouldBeAnything() {
        struct Wrapped: Error, CustomStringConvertible { var description: String }
        #expect(ErrorSummary.of(Wrapped(description: "the user's own words")) == "Wrapped")
        #expect(ErrorSummary.of(CancellationError()) == "cancelled")
    }
}

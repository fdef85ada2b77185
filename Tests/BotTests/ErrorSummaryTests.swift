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

    @Test func anUnknownErrorGivesOnlyItsTypeSinceItsTextCouldBeAnything() {
        struct Wrapped: Error, CustomStringConvertible { var description: String }
        #expect(ErrorSummary.of(Wrapped(description: "the user's own words")) == "Wrapped")
        #expect(ErrorSummary.of(CancellationError()) == "cancelled")
    }
}

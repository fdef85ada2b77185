import Foundation
import GRDB
import Testing
@testable import Bot

/// The store writes dates with its own formatter (DateFormatter is slow on Linux); they must be
/// byte for byte what GRDB writes and reads, or comparisons in SQL would go wrong.
@Suite struct StoredDateTests {
    @Test(arguments: [0.0, 1.0005, 86_399.999, 951_782_400.25, 1_795_000_000.123_4, 1_795_000_000.999_9,
                      4_102_444_799.5, -1.25, 1_795_651_200])
    func storedDatesAreGRDBsFormat(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredDate.text(date) == String.fromDatabaseValue(date.databaseValue))
    }

    @Test func randomDatesAgreeAndReadBack() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &generator))
            let text = StoredDate.text(date)
            #expect(text == String.fromDatabaseValue(date.databaseValue))
            let back = try #require(Date.fromDatabaseValue(text.databaseValue))
            #expect(abs(back.timeIntervalSince(date)) < 0.001)
        }
    }
}

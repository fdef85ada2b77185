import Foundation
import GRDB

extension AppDatabase {
    /// A user's stored photos (the diary's and the collage's source), oldest day first.
    public func photoRows(userID: Int64) async throws -> [StoredPhotoRow] {
        try await writer.read { db in
            try StoredPhotoRow.fetchAll(db, sql: """
                SELECT sha256, day, green_coverage, created_at FROM photos
                WHERE user_id = ? ORDER BY day, created_at, id
                """, arguments: [userID])
        }
    }
}

/// The columns of a `photos` row the diary reads.
public struct StoredPhotoRow: Sendable, Equatable, FetchableRecord, Decodable {
    public var sha256: String
    public var day: Int
    public var greenCoverage: Double
    public var createdAt: Date

    /// Read back at the stored precision (see `StoredDate`).
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { StoredDate.fromDatabaseValue($0)?.date }
    }

    enum CodingKeys: String, CodingKey {
        case sha256, day
        case greenCoverage = "green_coverage"
        case createdAt = "created_at"
    }

    package init(sha256: String, day: Int, greenCoverage: Double, createdAt: Date) {
        self.sha256 = sha256
        self.day = day
        self.greenCoverage = greenCoverage
        self.createdAt = createdAt
    }
}

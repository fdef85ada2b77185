import Foundation
import GRDB

/// The vision API's cache and daily counters (migration v4-photos).
extension AppDatabase {
    public func cachedVisionAnswer(sha256: String, locale: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT answer FROM vision_answers WHERE sha256 = ? AND locale = ?",
                                arguments: [sha256, locale])
        }
    }

    public func cacheVisionAnswer(_ json: String, sha256: String, locale: String, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO vision_answers(sha256, locale, answer, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(sha256, locale) DO UPDATE SET answer = excluded.answer
                """, arguments: [sha256, locale, json, now])
        }
    }

    /// Counts one call for `userID` on `day` if both the user's and everyone's count for the day
    /// stay within their limits; false (and nothing counted) otherwise.
    public func reserveVisionCall(userID: Int64, day: String, perUser: Int, budget: Int) async throws -> Bool {
        try await writer.write { db in
            let mine = try Int.fetchOne(db, sql: "SELECT calls FROM vision_usage WHERE day = ? AND user_id = ?",
                                        arguments: [day, userID]) ?? 0
            let all = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(calls), 0) FROM vision_usage WHERE day = ?",
                                       arguments: [day]) ?? 0
            guard mine < perUser, all < budget else { return false }
            try db.execute(sql: """
                INSERT INTO vision_usage(day, user_id, calls) VALUES (?, ?, 1)
                ON CONFLICT(day, user_id) DO UPDATE SET calls = calls + 1
                """, arguments: [day, userID])
            return true
        }
    }
}

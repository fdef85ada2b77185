import Foundation
import GRDB

/// The opt-in board's members: one row per user who joined, with their start-week cohort. The
/// row goes with the user (`ON DELETE CASCADE`), so a forget or erasure takes it too.
extension AppDatabase {
    static func registerLeaderboard(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-leaderboard") { db in
            try db.create(table: "leaderboard_members") { t in
                t.column("user_id", .integer).primaryKey().references("users", onDelete: .cascade)
                t.column("cohort", .text).notNull()
                t.column("joined_at", .datetime).notNull()
            }
            try db.create(index: "leaderboard_members_by_cohort", on: "leaderboard_members", columns: ["cohort"])
        }
    }

    public func setLeaderboardCohort(userID: Int64, cohort: String?, now: Date) async throws {
        try await writer.write { db in
            guard let cohort else {
                return try db.execute(sql: "DELETE FROM leaderboard_members WHERE user_id = ?", arguments: [userID])
            }
            // Only someone the bot knows can join (the row goes with the user).
            try db.execute(sql: """
                INSERT INTO leaderboard_members (user_id, cohort, joined_at)
                SELECT id, ?, ? FROM users WHERE id = ?
                ON CONFLICT (user_id) DO UPDATE SET cohort = excluded.cohort
                """, arguments: [cohort, now.stored, userID])
        }
    }

    public func leaderboardCohort(userID: Int64) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT cohort FROM leaderboard_members WHERE user_id = ?", arguments: [userID])
        }
    }

    public func leaderboardMembers(cohort: String) async throws -> [LeaderboardMember] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.id, u.progress, u.timezone FROM leaderboard_members m JOIN users u ON u.id = m.user_id
                WHERE m.cohort = ? ORDER BY u.id
                """, arguments: [cohort]).map {
                LeaderboardMember(userID: $0["id"], progress: $0["progress"], timezone: $0["timezone"])
            }
        }
    }
}

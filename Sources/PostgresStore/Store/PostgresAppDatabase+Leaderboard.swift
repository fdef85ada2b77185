import Bot
import Foundation
import PostgresNIO

/// The opt-in board's members (see the SQLite store's `AppDatabase+Leaderboard`).
extension PostgresAppDatabase {
    public func setLeaderboardCohort(userID: Int64, cohort: String?, now: Date) async throws {
        try await write { session in
            guard let cohort else {
                return try await session.execute("DELETE FROM leaderboard_members WHERE user_id = \(userID)")
            }
            try await session.execute("""
                INSERT INTO leaderboard_members (user_id, cohort, joined_at)
                SELECT id, \(cohort), \(now.milliseconds) FROM users WHERE id = \(userID)
                ON CONFLICT (user_id) DO UPDATE SET cohort = EXCLUDED.cohort
                """)
        }
    }

    public func leaderboardCohort(userID: Int64) async throws -> String? {
        try await read { session in
            try await session.rows("SELECT cohort FROM leaderboard_members WHERE user_id = \(userID)")
                .first.map { try $0.value("cohort", as: String.self) }
        }
    }

    public func leaderboardMembers(cohort: String) async throws -> [LeaderboardMember] {
        try await read { session in
            try await session.rows("""
                SELECT u.id, u.progress, u.timezone FROM leaderboard_members m JOIN users u ON u.id = m.user_id
                WHERE m.cohort = \(cohort) ORDER BY u.id
                """).map {
                LeaderboardMember(userID: try $0.value("id"), progress: try $0.value("progress"), timezone: try $0.value("timezone"))
            }
        }
    }
}

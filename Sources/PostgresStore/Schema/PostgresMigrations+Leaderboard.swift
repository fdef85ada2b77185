extension PostgresMigrations {
    /// The SQLite store's `v15-leaderboard`, in this engine's types.
    static let leaderboard = Migration(name: "v15-leaderboard", statements: [
        """
        CREATE TABLE leaderboard_members (
            user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            cohort TEXT NOT NULL,
            joined_at TIMESTAMPTZ(3) NOT NULL
        )
        """,
        "CREATE INDEX leaderboard_members_by_cohort ON leaderboard_members (cohort)",
    ])
}

extension PostgresMigrations {
    /// The SQLite store's `v12-experiments`, in this engine's types.
    static let experiments = Migration(name: "v12-experiments", statements: [
        """
        CREATE TABLE experiment_decisions (
            experiment_id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            variant TEXT,
            changed_at TIMESTAMPTZ(3) NOT NULL
        )
        """,
        """
        CREATE TABLE experiment_overrides (
            user_id BIGINT NOT NULL,
            experiment_id TEXT NOT NULL,
            variant TEXT NOT NULL,
            PRIMARY KEY (user_id, experiment_id)
        )
        """,
    ])
}

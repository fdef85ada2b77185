/// Session-wide advisory locks of the bot, in PostgreSQL's two-integer key space, which never
/// meets the one-bigint space that per-chat transaction locks use (`pg_advisory_xact_lock(chat)`).
enum AdvisoryLockKey: Int32 {
    /// Held while migrating, so instances starting together migrate once.
    case migrations = 1
    /// Held by the elected leader on its dedicated connection.
    case leader = 2
    /// Shared by a fenced (leader's) transaction, exclusive while a new term begins.
    case termFence = 3

    /// The first key: "Sogr" in ASCII, so the bot's locks are recognisable in `pg_locks`.
    static let namespace: Int32 = 0x536F_6772
}

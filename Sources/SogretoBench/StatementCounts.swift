import Foundation

/// What the PostgreSQL server ran during a measured run, from `pg_stat_statements` (loaded into the
/// throwaway cluster by `pipeline --count-statements`): statements and transactions per update,
/// planning and execution time, and the statements run most often. Every statement the store
/// sends is one round trip, so statements per update is also round trips per update.
struct StatementCounts: Sendable {
    struct Statement: Sendable {
        var calls: Int
        /// How often the server planned it: a prepared statement planned on every call keeps
        /// custom plans (its generic plan looked dearer), one planned once reuses its plan.
        var plans: Int
        var planMilliseconds: Double
        var execMilliseconds: Double
        var text: String
    }

    var statements: [Statement]
    var commits: Int

    /// Forgets what ran so far (start-up, migrations, the warm-up): the run is counted from here.
    static func reset(_ store: DrillStore) throws -> Int {
        _ = try store.query("SELECT pg_stat_statements_reset()")
        return try commits(store)
    }

    static func read(_ store: DrillStore, commitsBefore: Int) throws -> StatementCounts {
        // The reading's own statements are left out.
        let rows = try store.query("""
            SELECT calls, plans, total_plan_time, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g')
            FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_%' ORDER BY calls DESC
            """) ?? ""
        var statements: [Statement] = []
        for line in rows.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5, let calls = Int(fields[0]), let plans = Int(fields[1]), let plan = Double(fields[2]),
                  let exec = Double(fields[3]) else { continue }
            statements.append(Statement(calls: calls, plans: plans, planMilliseconds: plan, execMilliseconds: exec,
                                        text: String(fields[4])))
        }
        return StatementCounts(statements: statements, commits: try commits(store) - commitsBefore)
    }

    private static func commits(_ store: DrillStore) throws -> Int {
        let text = try store.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()") ?? ""
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The summary and the `top` statements run most often, per update of `updates`.
    func report(updates: Int, top: Int = 25) -> String {
        let perUpdate = Double(max(updates, 1))
        let calls = statements.reduce(0) { $0 + $1.calls }
        let plan = statements.reduce(0) { $0 + $1.planMilliseconds }
        let exec = statements.reduce(0) { $0 + $1.execMilliseconds }
        var lines = [
            String(format: "statements: %d (%.2f per update), transactions committed: %d (%.2f per update)",
                   calls, Double(calls) / perUpdate, commits, Double(commits) / perUpdate),
            String(format: "server time in statements: planning %.1f s, executing %.1f s", plan / 1000, exec / 1000),
            "  calls  per upd    plans  plan ms  exec ms  statement",
        ]
        for statement in statements.prefix(top) {
            lines.append(String(format: "%7d  %7.3f  %7d  %7.0f  %7.0f  ", statement.calls, Double(statement.calls) / perUpdate,
                                statement.plans, statement.planMilliseconds, statement.execMilliseconds) + String(statement.text.prefix(150)))
        }
        return lines.joined(separator: "\n")
    }
}

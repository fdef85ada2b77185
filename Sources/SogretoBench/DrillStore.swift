import Foundation
import Logging
import PostgresStore
import ThrowawayPostgres

/// Where the crash drill's (and the pipeline benchmark's) bots keep their store: SQLite in the
/// data folder, or one database of a throwaway PostgreSQL cluster (temporary folder, Unix socket)
/// shared by every instance.
struct DrillStore: Sendable {
    /// `SOGRETO_DATABASE_URL` for the bots; nil on SQLite.
    let url: String?
    private let cluster: ThrowawayPostgresCluster?
    private let database: String?

    /// `countingStatements`: the cluster loads `pg_stat_statements` (see `StatementCounts`).
    static func make(postgres: Bool, countingStatements: Bool = false) async throws -> DrillStore {
        guard postgres else { return DrillStore(url: nil, cluster: nil, database: nil) }
        if let reason = ThrowawayPostgresCluster.unavailableReason { throw DrillStoreError(description: reason) }
        var settings = countingStatements
            ? ["shared_preload_libraries = 'pg_stat_statements'", "pg_stat_statements.track_planning = on"] : []
        // SOGRETO_BENCH_PG_SETTINGS: more `postgresql.conf` lines (`;`-separated), so a run can
        // compare a server setting side by side without a rebuild.
        if let extra = ProcessInfo.processInfo.environment["SOGRETO_BENCH_PG_SETTINGS"] {
            settings += extra.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let cluster = try await ThrowawayPostgresCluster.startPrivate(settings: settings)
        let database = try await cluster.newDatabase()
        if countingStatements {
            _ = try cluster.querySQL("CREATE EXTENSION pg_stat_statements", database: database.name)
        }
        // Migrated once before the instances start together (they would agree, but one start is quicker).
        let url = try DatabaseURL(parsing: database.url)
        await (try await PostgresAppDatabase.open(url, logger: Logger(label: "crash-drill"), maximumConnections: 1)).close()
        return DrillStore(url: database.url, cluster: cluster, database: database.name)
    }

    /// Runs one query in the store's database (psql, as the superuser); its rows, tab-separated.
    func query(_ sql: String) throws -> String? {
        guard let cluster, let database else { return nil }
        return try cluster.querySQL(sql, database: database)
    }

    /// The store for the drill's audit; nil on SQLite (the audit opens the file).
    func open() async throws -> PostgresAppDatabase? {
        guard let url else { return nil }
        return try await PostgresAppDatabase.open(try DatabaseURL(parsing: url), logger: Logger(label: "crash-drill"),
                                                  maximumConnections: 2)
    }

    func stop() { cluster?.stop() }

    /// The cluster's folder (its socket and data), nil on SQLite.
    var socketDirectory: String? { cluster?.socketDirectory }

    struct DrillStoreError: Error, CustomStringConvertible {
        let description: String
    }
}

extension DrillStore {
    /// CPU seconds of the cluster's server processes: the postmaster (with the backends it has
    /// reaped) and its live children. nil on SQLite.
    func serverCPUSeconds() -> Double? {
        guard let directory = socketDirectory,
              let pidFile = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8),
              let postmaster = pidFile.split(separator: "\n").first.flatMap({ Int32($0) }) else { return nil }
        var total = ProcessCPUTimes.read(pid: postmaster).map { $0.own + $0.reapedChildren } ?? 0
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), let times = ProcessCPUTimes.read(pid: pid), times.parent == postmaster else { continue }
            total += times.own
        }
        return total
    }
}

/// A process's parent and CPU times from /proc/PID/stat.
struct ProcessCPUTimes {
    var parent: Int32
    var own: Double
    var reapedChildren: Double

    static func read(pid: Int32) -> ProcessCPUTimes? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After ")": state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let parent = Int32(fields[1]), let user = Double(fields[11]),
              let system = Double(fields[12]), let childUser = Double(fields[13]),
              let childSystem = Double(fields[14]) else { return nil }
        let tick = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessCPUTimes(parent: parent, own: (user + system) / tick, reapedChildren: (childUser + childSystem) / tick)
    }
}

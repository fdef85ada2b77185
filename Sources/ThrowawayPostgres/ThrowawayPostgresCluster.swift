import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster: a temporary folder, a Unix socket only, durability off (fsync,
/// synchronous commit, full-page writes) so it starts in about a second. Tests share one per
/// process (`shared()`) and take one database each (`makeDatabase`); tools start their own
/// (`startPrivate()`: a backup's restore check, the benchmarks). It stops when the process exits,
/// also when the process is killed (a watchdog process stops it then).
public final class ThrowawayPostgresCluster: Sendable {
    /// Where the server's socket is, and the superuser tests connect as (no password on the socket).
    package let socketDirectory: String
    package let port: Int
    package let superuser: String
    let binaries: PostgresBinaries
    let root: String
    /// False for the process's shared cluster: tests and in-process tools run beside each other,
    /// and one stopping it would take every other one's databases away.
    private let stoppable: Bool

    /// Why the tests that need PostgreSQL are skipped on this machine; nil when they can run.
    public static let unavailableReason: String? = PostgresBinaries.find() == nil
        ? "PostgreSQL's server binaries (initdb, pg_ctl) are absent: scripts/install-deps installs them"
        : nil

    /// True when a cluster can be started here (for `.enabled(if:)`).
    package static var isAvailable: Bool { unavailableReason == nil }

    /// The process's one cluster, started on first use; `stop()` leaves it running (it stops
    /// when the process ends).
    package static func shared() async throws -> ThrowawayPostgresCluster {
        try await SharedCluster.instance.cluster()
    }

    /// A cluster of the caller's own, which `stop()` stops (a tool's throwaway restore, a drill).
    /// `settings`: extra `postgresql.conf` lines (a benchmark loading `pg_stat_statements`).
    public static func startPrivate(settings: [String] = []) async throws -> ThrowawayPostgresCluster {
        try await offThePool {
            guard let binaries = PostgresBinaries.find() else {
                throw ThrowawayPostgresError(ThrowawayPostgresCluster.unavailableReason ?? "PostgreSQL is absent")
            }
            return try ThrowawayPostgresCluster(binaries: binaries, stoppable: true, settings: settings)
        }
    }

    init(binaries: PostgresBinaries, stoppable: Bool = false, settings: [String] = []) throws {
        self.binaries = binaries
        self.stoppable = stoppable
        // /tmp rather than $TMPDIR: the postgres user must reach it, and a socket path is short.
        let base = "/tmp/sogreto-pg-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        root = base
        socketDirectory = base
        port = 5432
        let runAs = ClusterUser.current()
        superuser = runAs.name
        let data = base + "/data"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try runAs.own(base)
        do {
            try runAs.run(binaries.path("initdb"), ["-D", data, "-U", superuser, "--auth=trust", "-N",
                                                    "-E", "UTF8", "--locale=C"])
            try Self.configure(data: data, socketDirectory: base, extra: settings)
            // Written by this process: the server's user must own it (under `sogreto restore`'s
            // umask 027 it would not even be readable by another user).
            try runAs.own(data + "/pg_hba.conf")
            try runAs.run(binaries.path("pg_ctl"), ["-D", data, "-l", base + "/server.log", "-w", "-t", "30", "start"])
        } catch {
            try? FileManager.default.removeItem(atPath: base)
            throw error
        }
        Self.startWatchdog(stop: stopCommand(runAs: runAs))
    }

    private static func configure(data: String, socketDirectory: String, extra: [String]) throws {
        // Stores keep fixed pools open from the start, and a test suite runs many instances side by
        // side against one cluster: 300 connections ran out under the parallel suite.
        let settings = """

            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 1000
            shared_buffers = 32MB
            autovacuum_naptime = 5s
            """ + extra.map { "\n" + $0 }.joined() + "\n"
        let conf = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/postgresql.conf"))
        defer { try? conf.close() }
        try conf.seekToEnd()
        try conf.write(contentsOf: Data(settings.utf8))
        // Members of `password_login` must give their password (the wrong-password tests); the rest
        // of the local socket trusts the connecting user.
        let hba = """
            local all +password_login scram-sha-256
            local all all trust

            """
        try hba.write(toFile: data + "/pg_hba.conf", atomically: true, encoding: .utf8)
    }

    func stopCommand(runAs: ClusterUser) -> String {
        let stop = runAs.shellPrefix + "'\(binaries.path("pg_ctl"))' -D '\(root)/data' -m immediate -w stop"
        return "\(stop) >/dev/null 2>&1; rm -rf '\(root)'"
    }

    /// A shell that waits for this process to end by any means, then stops the cluster.
    private static func startWatchdog(stop: String) {
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 0.3; done; \(stop)"
        try? Shell.start("/bin/sh", ["-c", script])
    }

    /// Stops a private cluster now (the watchdog would, once the process ends).
    public func stop() {
        guard stoppable else { return }
        _ = try? Shell.run("/bin/sh", ["-c", stopCommand(runAs: ClusterUser.current())])
    }

    /// `makeDatabase` with psql waited for off the cooperative pool, for async tests.
    public func newDatabase(template: String? = nil) async throws -> ThrowawayPostgresDatabase {
        try await offThePool { try self.makeDatabase(template: template) }
    }

    /// A new empty database (or a copy of `template`) with a unique name.
    package func makeDatabase(template: String? = nil) throws -> ThrowawayPostgresDatabase {
        let name = "test_\(UInt64.random(in: 0 ... .max))"
        let from = template.map { " TEMPLATE \"\($0)\"" } ?? ""
        try runSQL("CREATE DATABASE \"\(name)\"\(from)")
        return ThrowawayPostgresDatabase(cluster: self, name: name)
    }

    /// Runs SQL as the superuser with psql (setup only: roles, databases, templates).
    package func runSQL(_ sql: String, database: String = "postgres") throws {
        try Shell.run(binaries.path("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory,
                                              "-p", String(port), "-U", superuser, "-d", database, "-c", sql])
    }

    /// Runs one query as the superuser with psql and returns its rows, tab-separated, one a line.
    package func querySQL(_ sql: String, database: String = "postgres") throws -> String {
        try Shell.run(binaries.path("psql"), ["-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                                              "-h", socketDirectory, "-p", String(port), "-U", superuser,
                                              "-d", database, "-c", sql])
    }

    /// A login role that must give `password` (a member of `password_login`).
    package func makePasswordRole(password: String) throws -> String {
        let role = "pw_\(UInt32.random(in: 0 ... .max))"
        try runSQL("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'password_login') THEN
                CREATE ROLE password_login NOLOGIN;
              END IF;
            END $$;
            CREATE ROLE \(role) LOGIN PASSWORD '\(password)' IN ROLE password_login SUPERUSER;
            """)
        return role
    }
}

/// One database of a throwaway cluster (a test's, or a tool's).
public struct ThrowawayPostgresDatabase: Sendable {
    package let cluster: ThrowawayPostgresCluster
    package let name: String

    /// The database as a `SOGRETO_DATABASE_URL` in the Unix-socket form.
    public var url: String {
        "postgres://\(cluster.superuser)@/\(name)?host=\(cluster.socketDirectory)&port=\(cluster.port)"
    }
}

/// Starts the process's cluster once, however many tests ask at the same time.
actor SharedCluster {
    static let instance = SharedCluster()
    private var started: Task<ThrowawayPostgresCluster, any Error>?

    func cluster() async throws -> ThrowawayPostgresCluster {
        if let started { return try await started.value }
        let task = Task<ThrowawayPostgresCluster, any Error> {
            try await offThePool {
                guard let binaries = PostgresBinaries.find() else {
                    throw ThrowawayPostgresError(ThrowawayPostgresCluster.unavailableReason ?? "PostgreSQL is absent")
                }
                return try ThrowawayPostgresCluster(binaries: binaries)
            }
        }
        started = task
        return try await task.value
    }
}

/// Runs blocking setup (a child process waited for with waitpid) on a thread of its own: the
/// cooperative pool has one thread per core, and the end-to-end tests running beside need them.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

package struct ThrowawayPostgresError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}

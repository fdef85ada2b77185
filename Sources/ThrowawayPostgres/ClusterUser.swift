import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where PostgreSQL's server programs are: Debian's newest /usr/lib/postgresql/N/bin, or the PATH.
struct PostgresBinaries: Sendable {
    let directory: String

    func path(_ program: String) -> String { directory + "/" + program }

    static func find() -> PostgresBinaries? {
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where isServer("\(debian)/\(version)/bin") {
            return PostgresBinaries(directory: "\(debian)/\(version)/bin")
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where isServer(String(directory)) {
            return PostgresBinaries(directory: String(directory))
        }
        return nil
    }

    private static func isServer(_ directory: String) -> Bool {
        ["initdb", "pg_ctl", "postgres", "psql"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: directory + "/" + $0)
        }
    }
}

/// Who runs the cluster: initdb refuses root, so root runs it as the `postgres` user.
struct ClusterUser: Sendable {
    let name: String
    /// uid/gid to own the cluster's folder; nil when the current user runs it.
    let owner: (uid: uid_t, gid: gid_t)?

    static func current() -> ClusterUser {
        if getuid() == 0, let entry = getpwnam("postgres") {
            return ClusterUser(name: "postgres", owner: (entry.pointee.pw_uid, entry.pointee.pw_gid))
        }
        let name = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "postgres"
        return ClusterUser(name: name, owner: nil)
    }

    func own(_ path: String) throws {
        guard let owner else { return }
        guard chown(path, owner.uid, owner.gid) == 0 else {
            throw ThrowawayPostgresError("cannot give \(path) to the postgres user (errno \(errno))")
        }
    }

    var shellPrefix: String { owner == nil ? "" : "runuser -u \(name) -- " }

    func run(_ program: String, _ arguments: [String]) throws {
        if owner == nil {
            try Shell.run(program, arguments)
        } else {
            try Shell.run("/usr/sbin/runuser", ["-u", name, "--", program] + arguments)
        }
    }
}

/// Runs programs with posix_spawn rather than Foundation's `Process`, which learns that a child
/// ended when a socket it hands down closes: a server that `pg_ctl start` leaves running inherits
/// that socket and would keep the wait going forever. Children get no descriptor but 0, 1 and 2.
enum Shell {
    /// Runs a program to its end; its output (to a file) is kept only to explain a failure.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let outputPath = "/tmp/sogreto-pg-output-\(getpid())-\(UInt64.random(in: 0 ... .max))"
        defer { unlink(outputPath) }
        let pid = try spawn(program, arguments, outputPath: outputPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED && WEXITSTATUS == 0, spelled out: the macros are not imported into Swift.
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw ThrowawayPostgresError("\((program as NSString).lastPathComponent) failed (status \(status)): \(text.suffix(600))")
        }
        return text
    }

    /// Starts a program and leaves it running (the watchdog).
    static func start(_ program: String, _ arguments: [String]) throws {
        _ = try spawn(program, arguments, outputPath: "/dev/null")
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time: Swift's
    /// Glibc module does not import it. Without it the child inherits what is not close-on-exec.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    private static func spawn(_ program: String, _ arguments: [String], outputPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard result == 0 else {
            throw ThrowawayPostgresError("cannot start \(program) (errno \(result))")
        }
        return pid
    }
}

import Foundation
import Logging
import PostgresNIO

/// Elects one delivery leader among the instances sharing a database: the leader holds a session
/// advisory lock on a connection of its own, and each win starts a new term (a `leader_terms` row).
/// The lock lives exactly as long as that connection, so a leader that dies (kill -9 closes its
/// socket) frees it at once, and a leader whose connection closes or stops answering steps down
/// at once, before any other instance can win.
public final class LeaderElector: Sendable {
    public struct Timing: Sendable {
        /// How often a follower tries the lock: the takeover delay after a leader dies.
        public var pollInterval: Duration
        /// How often the leader checks its connection; a check unanswered for `heartbeatTimeout`
        /// ends its leadership.
        public var heartbeatInterval: Duration
        public var heartbeatTimeout: Duration
        /// How long an instance that lost its connection waits before competing again, so a
        /// healthy follower wins the next term.
        public var rejoinDelay: Duration

        public init(pollInterval: Duration = .seconds(1), heartbeatInterval: Duration = .seconds(1),
                    heartbeatTimeout: Duration = .seconds(3), rejoinDelay: Duration = .seconds(2)) {
            self.pollInterval = pollInterval
            self.heartbeatInterval = heartbeatInterval
            self.heartbeatTimeout = heartbeatTimeout
            self.rejoinDelay = rejoinDelay
        }
    }

    /// Shown in `pg_stat_activity.application_name` for the lock's connection.
    public static let applicationName = "sogreto-leader"

    private let url: DatabaseURL
    private let instance: String
    private let timing: Timing
    private let logger: Logger
    private let state = LeadershipState()

    public init(url: DatabaseURL, instance: String, timing: Timing = Timing(), logger: Logger) {
        self.url = url
        self.instance = instance
        self.timing = timing
        self.logger = logger
    }

    /// This instance's leadership now.
    public var leadership: Leadership { state.current }

    /// Every change of leadership, starting with the current one.
    public func changes() -> AsyncStream<Leadership> { state.changes() }

    /// Waits until this instance leads; returns its term.
    public func waitForLeadership() async -> Int64? {
        for await value in changes() {
            if let term = value.term { return term }
        }
        return nil
    }

    /// Competes for leadership until cancelled; on return this instance is a follower.
    public func run() async {
        while !Task.isCancelled {
            let lostLeadership = await competeOnce()
            if Task.isCancelled { break }
            try? await Task.sleep(for: lostLeadership ? timing.rejoinDelay : timing.pollInterval)
        }
        state.set(.follower)
        state.finish()
    }

    /// One connection's life: try the lock until won, lead until the connection fails.
    /// Returns true when it had led (and so lost leadership).
    private func competeOnce() async -> Bool {
        let connection: PostgresConnection
        do {
            var configuration = try url.connectionConfiguration()
            configuration.options.additionalStartupParameters = Self.startupParameters
            connection = try await PostgresConnection.connect(configuration: configuration,
                                                              id: Int.random(in: 0 ... .max), logger: logger)
        } catch {
            logger.warning("leader election cannot connect", metadata: [
                "reason": "\(PostgresStoreError(connecting: error, to: url))"])
            return false
        }
        var led = false
        do {
            while !Task.isCancelled {
                if let term = try await tryToLead(connection) {
                    led = true
                    try await lead(term: term, on: connection)
                }
                try await Task.sleep(for: timing.pollInterval)
            }
        } catch {
            if led { logger.warning("leadership lost", metadata: ["reason": "\(PostgresStoreError.reason(of: error))"]) }
        }
        if let term = state.current.term { state.stepDown(from: term) }
        try? await connection.close()
        return led
    }

    /// The lock's session also reports a dead peer over TCP within seconds (ignored on a socket).
    private static let startupParameters: [(String, String)] = [
        ("application_name", applicationName),
        ("tcp_keepalives_idle", "2"), ("tcp_keepalives_interval", "1"), ("tcp_keepalives_count", "2"),
    ]

    /// Takes the lock if free and starts a term; nil when another instance leads.
    private func tryToLead(_ connection: PostgresConnection) async throws -> Int64? {
        let won = try await connection.query(
            "SELECT pg_try_advisory_lock(\(AdvisoryLockKey.namespace), \(AdvisoryLockKey.leader.rawValue))",
            logger: logger).collect().first?.decode(Bool.self) ?? false
        guard won else { return nil }
        let term = try await connection.query(
            "INSERT INTO leader_terms (instance) VALUES (\(instance)) RETURNING term",
            logger: logger).collect().first?.decode(Int64.self)
        guard let term else { return nil }
        return term
    }

    /// Leads until the connection closes or stops answering (then throws); stepping down happens
    /// the moment the connection closes, not at the next heartbeat.
    private func lead(term: Int64, on connection: PostgresConnection) async throws {
        connection.closeFuture.whenComplete { [state] _ in state.stepDown(from: term) }
        guard !connection.isClosed else { throw PostgresStoreError(code: .query(why: "the lock's connection closed")) }
        state.set(.leader(term: term))
        logger.info("leading", metadata: ["term": "\(term)", "instance": "\(instance)"])
        while !Task.isCancelled {
            try await Task.sleep(for: timing.heartbeatInterval)
            try await heartbeat(connection)
        }
    }

    private func heartbeat(_ connection: PostgresConnection) async throws {
        let logger = logger
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = try await connection.query("SELECT 1", logger: logger).collect()
                return true
            }
            group.addTask { [timeout = timing.heartbeatTimeout] in
                try await Task.sleep(for: timeout)
                return false
            }
            let answered = try await group.next() ?? false
            group.cancelAll()
            if !answered {
                // The close steps down at once (closeFuture) and makes the query above return.
                connection.close().whenComplete { _ in }
                throw PostgresStoreError(code: .query(why: "the lock's connection stopped answering"))
            }
        }
    }
}

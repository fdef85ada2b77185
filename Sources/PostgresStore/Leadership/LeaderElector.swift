import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// Elects one delivery leader among the instances sharing a database: the leader holds a session
/// advisory lock on a connection of its own, and each win starts a new term (a `leader_terms` row).
/// The lock lives exactly as long as that connection, so a leader that dies (kill -9 closes its
/// socket) frees it at once, and a leader whose connection closes or stops answering steps down
/// at once, before any other instance can win. Every instance keeps competing for as long as it
/// runs: a follower's connection that fails or stops answering is replaced as a leader's is.
public final class LeaderElector: Sendable {
    public struct Timing: Sendable {
        /// How often a follower tries the lock: the takeover delay after a leader dies.
        public var pollInterval: Duration
        /// How often the leader checks its connection; a check (or a follower's try) unanswered
        /// for `heartbeatTimeout` ends that connection (and leadership), and a new one competes.
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
        // The future's close, awaited even when cancelled: the lock must go with it (a stopped
        // instance's lock would otherwise outlive it in this process).
        try? await connection.close().get()
        return led
    }

    /// The lock's session also reports a dead peer over TCP within seconds (ignored on a socket).
    private static let startupParameters: [(String, String)] = [
        ("application_name", applicationName),
        ("tcp_keepalives_idle", "2"), ("tcp_keepalives_interval", "1"), ("tcp_keepalives_count", "2"),
    ]

    /// Takes the lock if free and starts a term; nil when another instance leads.
    private func tryToLead(_ connection: PostgresConnection) async throws -> Int64? {
        let logger = logger
        let won = try await answered(on: connection) {
            try await connection.query(
                "SELECT pg_try_advisory_lock(\(AdvisoryLockKey.namespace), \(AdvisoryLockKey.leader.rawValue))",
                logger: logger).collect().first?.decode(Bool.self) ?? false
        }
        guard won else { return nil }
        let instance = instance
        return try await answered(on: connection) {
            try await connection.query("INSERT INTO leader_terms (instance) VALUES (\(instance)) RETURNING term",
                                       logger: logger).collect().first?.decode(Int64.self)
        }
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
        try await answered(on: connection) { _ = try await connection.query("SELECT 1", logger: logger).collect() }
    }

    /// `query`'s result, or, when the connection does not answer within `heartbeatTimeout`, the
    /// connection closed (a leader steps down at once: closeFuture) and an error. A race that does
    /// not wait for the loser: a query on a dead connection may never return.
    private func answered<Value: Sendable>(on connection: PostgresConnection,
                                           _ query: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let timeout = timing.heartbeatTimeout
        let settled = NIOLockedValueBox<CheckedContinuation<Result<Value, any Error>?, Never>?>(nil)
        let settle: @Sendable (Result<Value, any Error>?) -> Void = { value in
            settled.withLockedValue { waiting in
                waiting?.resume(returning: value)
                waiting = nil
            }
        }
        var racers: [Task<Void, Never>] = []
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, any Error>?, Never>) in
                settled.withLockedValue { $0 = continuation }
                racers = [
                    Task {
                        do { settle(.success(try await query())) } catch { settle(.failure(error)) }
                    },
                    Task {
                        try? await Task.sleep(for: timeout)
                        settle(nil)
                    },
                ]
            }
        } onCancel: {
            settle(.failure(CancellationError()))
        }
        racers.forEach { $0.cancel() }
        guard let outcome else {
            connection.close().whenComplete { _ in }
            throw PostgresStoreError(code: .query(why: "the lock's connection stopped answering"))
        }
        return try outcome.get()
    }
}

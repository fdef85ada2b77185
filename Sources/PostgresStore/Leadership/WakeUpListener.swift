import Foundation
import Logging
import PostgresNIO

/// Wake-ups by `LISTEN/NOTIFY` on a connection of its own: a notification on the channel (sent in
/// the transaction that made work, so it arrives after the commit) wakes the consumer at once.
/// Notifications sent while the connection is down are lost, so every (re)connection also wakes
/// the consumer once, and its own polling stays the fallback.
public final class WakeUpListener: Sendable {
    /// The wake-up channels the bot uses.
    public enum Channel: String, Sendable {
        case outbox = "sogreto_outbox"
        case mediaTasks = "sogreto_media_tasks"
    }

    /// Shown in `pg_stat_activity.application_name` for the listening connection.
    public static let applicationName = "sogreto-wakeups"

    private let url: DatabaseURL
    private let channel: Channel
    private let reconnectDelay: Duration
    private let logger: Logger
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init(url: DatabaseURL, channel: Channel, reconnectDelay: Duration = .seconds(1), logger: Logger) {
        self.url = url
        self.channel = channel
        self.reconnectDelay = reconnectDelay
        self.logger = logger
        // Wake-ups carry no data: one pending wake-up is as good as many.
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The wake-ups, for one consumer.
    public var wakeUps: AsyncStream<Void> { stream }

    /// Listens until cancelled, reconnecting after `reconnectDelay` whenever the connection fails.
    public func run() async {
        while !Task.isCancelled {
            await listenOnce()
            if Task.isCancelled { break }
            try? await Task.sleep(for: reconnectDelay)
        }
        continuation.finish()
    }

    private func listenOnce() async {
        let connection: PostgresConnection
        do {
            var configuration = try url.connectionConfiguration()
            configuration.options.additionalStartupParameters = [("application_name", Self.applicationName)]
            connection = try await PostgresConnection.connect(configuration: configuration,
                                                              id: Int.random(in: 0 ... .max), logger: logger)
        } catch {
            logger.warning("wake-up listener cannot connect", metadata: [
                "reason": "\(PostgresStoreError(connecting: error, to: url))"])
            return
        }
        do {
            try await withTaskCancellationHandler {
                try await connection.listen(on: channel.rawValue) { notifications in
                    // Listening now: whatever was sent while not listening is looked for once.
                    continuation.yield()
                    for try await _ in notifications {
                        continuation.yield()
                    }
                }
            } onCancel: {
                connection.close().whenComplete { _ in }
            }
        } catch {
            if !Task.isCancelled {
                logger.warning("wake-up listener lost its connection", metadata: [
                    "reason": "\(PostgresStoreError.reason(of: error))"])
            }
        }
        try? await connection.close()
    }

    /// Wakes the listeners of `channel` when the caller's transaction commits (or now, outside one).
    static func notify(_ channel: Channel, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(channel.rawValue), '')", logger: logger)
    }
}

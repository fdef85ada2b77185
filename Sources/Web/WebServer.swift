import Bot
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The bot's one HTTP server (webhook now, the admin API beside it later) as services for the
/// bot's service group: the Hummingbird application, and a hook that runs once it listens.
public enum WebServer {
    /// `onListening` gets the bound port (useful with port 0 in tests) once the server accepts
    /// connections, e.g. to call setWebhook; if it throws, the service group stops with that error.
    public static func services<Context: RequestContext>(
        router: Router<Context>, host: String, port: Int, logger: Logger,
        idleTimeout: Duration = HTTPServerTimeouts.idle,
        onListening: @escaping @Sendable (Int) async throws -> Void
    ) -> [any Service] where Context.Source == ApplicationRequestContextSource {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            // Silent connections (idle, or a request stopped half-way) are closed.
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(HTTPServerTimeouts.nanoseconds(idleTimeout)))),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: logger)
        return [application, ListeningHook(ports: ports, action: onListening)]
    }
}

/// Waits for the server's port, runs the action, then stays up until shutdown (a service that
/// returns early would end the group).
struct ListeningHook: ShortlyDescribedService {
    var description: String { "ListeningHook" }

    let ports: AsyncStream<Int>
    let action: @Sendable (Int) async throws -> Void

    func run() async throws {
        let port = await cancelWhenGracefulShutdown { await ports.first { _ in true } }
        guard let port else { return }
        try await action(port)
        try? await gracefulShutdown()
    }
}

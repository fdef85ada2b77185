public import Bot
public import Hummingbird
public import Logging
public import ServiceLifecycle

/// The one place the bot's HTTP server is assembled: a router, the routes each module installs
/// on it (the webhook, the admin API, page and /metrics), bound to
/// `SOGRETO_HTTP_HOST:SOGRETO_HTTP_PORT`. `sogreto run`, `sogreto admin serve`, the benchmarks and
/// the tests take it from here; tests that are not about sockets drive the same application in
/// process (HummingbirdTesting's router framework).
public enum HTTPServer {
    public typealias Installer = @Sendable (Router<BasicRequestContext>) -> Void

    /// The application with the webhook's route (its registration is `services`' part) and every
    /// installer's routes; `onServerRunning` gets the bound port (useful with port 0).
    package static func application(host: String, port: Int, logger: Logger, installers: [Installer],
                                   webhook: WebhookMount? = nil, idleTimeout: Duration = HTTPServerTimeouts.idle,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        let router = Router()
        webhook?.installer(router)
        for install in installers { install(router) }
        // Silent connections (idle, or a request stopped half-way through its head or body) are closed.
        return Application(router: router,
                           server: .http1(configuration: .init(idleTimeout: .nanoseconds(HTTPServerTimeouts.nanoseconds(idleTimeout)))),
                           configuration: .init(address: .hostname(host, port: port), serverName: nil),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }

    /// The server as services for the bot's service group: with a webhook, its route is added and
    /// it is registered with Telegram once the server listens (if that throws, the group stops).
    public static func services(host: String, port: Int, logger: Logger, installers: [Installer] = [],
                                webhook: WebhookMount? = nil,
                                idleTimeout: Duration = HTTPServerTimeouts.idle) -> [any Service] {
        guard let webhook else {
            return [application(host: host, port: port, logger: logger, installers: installers, idleTimeout: idleTimeout)]
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = application(host: host, port: port, logger: logger, installers: installers, webhook: webhook,
                                 idleTimeout: idleTimeout) { port in
            continuation.yield(port)
            continuation.finish()
        }
        return [server, ListeningHook(ports: ports) { try await webhook.register(port: $0) }]
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

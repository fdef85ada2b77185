import Bot
import Hummingbird
import Logging

/// The one place the HTTP server is assembled: a router, the routes each module installs on it
/// (the admin API today, the webhook next), bound to `SOGRETO_HTTP_HOST:SOGRETO_HTTP_PORT`.
/// The result is a `Service` to run beside the bot (`BotRuntime.run(alongside:)`).
public enum HTTPServer {
    public typealias Installer = @Sendable (Router<BasicRequestContext>) -> Void

    public static func application(host: String, port: Int, logger: Logger, installers: [Installer],
                                   idleTimeout: Duration = HTTPServerTimeouts.idle,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        let router = Router()
        for install in installers { install(router) }
        // Silent connections (idle, or a request stopped half-way through its head or body) are closed.
        return Application(router: router,
                           server: .http1(configuration: .init(idleTimeout: .nanoseconds(HTTPServerTimeouts.nanoseconds(idleTimeout)))),
                           configuration: .init(address: .hostname(host, port: port), serverName: nil),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }
}

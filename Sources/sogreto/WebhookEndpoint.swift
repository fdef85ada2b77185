import Admin
import ArgumentParser
import Bot
import Foundation
import Logging
import ServiceLifecycle
import Web

/// `sogreto run --webhook`: the validated webhook settings and the services that serve them.
struct WebhookEndpoint {
    let url: URL
    let secret: Secret
    let host: String
    let port: Int

    init(_ configuration: Configuration) throws {
        guard let url = configuration.webhookURL, let secret = configuration.webhookSecret else {
            throw ValidationError("--webhook needs SOGRETO_WEBHOOK_URL (the public https URL nginx forwards) and SOGRETO_WEBHOOK_SECRET.")
        }
        self.url = url
        self.secret = secret
        host = configuration.httpHost
        port = configuration.httpPort
    }

    var path: String { WebhookRoutes.path(of: url) }

    /// The HTTP server with the webhook route, registered with Telegram once it listens.
    /// `installers` add other routes (the admin API) to the same server.
    func services(runtime: BotRuntime, client: any TelegramClient, configuration: Configuration,
                  installers: [HTTPServer.Installer] = [], logger: Logger) -> [any Service] {
        HTTPServer.services(host: host, port: port, logger: logger, installers: installers,
                            webhook: WebhookMount(url: url, secret: secret, processor: runtime.processor, client: client,
                                                  logger: logger))
    }
}

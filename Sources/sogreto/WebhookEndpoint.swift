import Admin
import ArgumentParser
import Bot
import Foundation
import Hummingbird
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
        let router = Router()
        WebhookRoutes.install(on: router, path: path,
                              intake: WebhookIntake(processor: runtime.processor, secret: secret, logger: logger))
        for install in installers { install(router) }
        let registration = WebhookRegistration(client: client, secret: secret, logger: logger)
        return WebServer.services(router: router, host: host, port: port, logger: logger) { [url] _ in
            try await registration.register(url: url)
        }
    }
}

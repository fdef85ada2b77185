public import Bot
public import Foundation
public import Logging

/// The Telegram webhook as the HTTP server carries it: its route into the bot's one intake, and
/// its registration with Telegram (setWebhook with the secret) once the server listens.
public struct WebhookMount: Sendable {
    public let path: String
    let intake: WebhookIntake
    let registration: WebhookRegistration
    let publicURL: @Sendable (_ port: Int) -> URL
    let registered: @Sendable (URL) -> Void

    /// `url` is what Telegram calls (nginx forwards it here); its path is the route's.
    public init(url: URL, secret: Secret, processor: UpdateProcessor, client: any TelegramClient, logger: Logger) {
        self.init(path: WebhookRoutes.path(of: url), secret: secret, processor: processor, client: client,
                  logger: logger, publicURL: { _ in url })
    }

    /// `publicURL` from the bound port, for a server on port 0 that Telegram (the emulator)
    /// reaches directly; `registered` hears the URL once Telegram knows it.
    public init(path: String, secret: Secret, processor: UpdateProcessor, client: any TelegramClient, logger: Logger,
                publicURL: @escaping @Sendable (_ port: Int) -> URL, registered: @escaping @Sendable (URL) -> Void = { _ in }) {
        self.path = path
        intake = WebhookIntake(processor: processor, secret: secret, logger: logger)
        registration = WebhookRegistration(client: client, secret: secret, logger: logger)
        self.publicURL = publicURL
        self.registered = registered
    }

    var installer: HTTPServer.Installer {
        { [path, intake] router in WebhookRoutes.install(on: router, path: path, intake: intake) }
    }

    func register(port: Int) async throws {
        let url = publicURL(port)
        try await registration.register(url: url)
        registered(url)
    }
}

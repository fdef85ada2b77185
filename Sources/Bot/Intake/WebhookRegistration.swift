import Foundation
import Logging

/// Tells Telegram where to deliver updates in webhook mode: setWebhook with the secret and the
/// update kinds the bot handles. The webhook stays set while the bot is down, so Telegram keeps
/// the updates until it is back; `sogreto run` without `--webhook` deletes it
/// (`BotRuntime.announce(polling: true)`).
public struct WebhookRegistration: Sendable {
    let client: any TelegramClient
    let secret: Secret
    let maxConnections: Int
    let logger: Logger

    public init(client: any TelegramClient, secret: Secret, maxConnections: Int = 40, logger: Logger) {
        self.client = client
        self.secret = secret
        self.maxConnections = maxConnections
        self.logger = logger
    }

    public func register(url: URL) async throws {
        _ = try await client.send(SetWebhook(url: url.absoluteString, secretToken: secret.value,
                                             allowedUpdates: PollingIntake.allowedUpdates,
                                             maxConnections: maxConnections))
        logger.info("webhook set", metadata: ["path": "\(url.path)"])
    }
}

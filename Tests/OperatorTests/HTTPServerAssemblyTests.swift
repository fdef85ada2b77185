import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOFoundationEssentialsCompat
import Testing
import TelegramEmulator
import TestSupport
import Web
@testable import Admin
@testable import Bot

/// The bot's one HTTP server as `sogreto run --webhook` assembles it (webhook route, admin API,
/// /healthz and /metrics on one router), driven in process: no socket, the real bot behind it.
@Suite(.serialized) struct HTTPServerAssemblyTests {
    static let secret = "s3cret_token-for-tests"
    static let adminToken = "admin-token-0123456789abcdef"

    @Test func theWebhookAndTheAdminAPIAreRoutesOfOneServer() async throws {
        // Given a running bot and the server with its webhook and the admin routes
        let emulator = try await TelegramEmulator.start(EmulatorConfiguration(floodLimits: .none, maxLongPollTimeout: 1))
        let data = temporaryDirectory("http-assembly")
        defer { try? FileManager.default.removeItem(at: data) }
        let bot = try await OperatorBot.start(emulator: emulator, dataDirectory: data)
        let logger = Logger(label: "http-assembly") { _ in SwiftLogNoOpLogHandler() }
        let webhook = WebhookMount(url: URL(string: "https://bot.example/telegram/webhook")!, secret: Secret(Self.secret),
                                   processor: bot.runtime.processor, client: bot.client, logger: logger)
        let actions = try AdminActions(configuration: bot.configuration, database: bot.runtime.database,
                                       clock: SystemClock(), blobs: bot.runtime.blobs)
        let admin = AdminRoutes.installer(actions: actions, token: Secret(Self.adminToken),
                                          metrics: PrometheusExport(), logger: logger)
        let application = HTTPServer.application(host: "127.0.0.1", port: 0, logger: logger, installers: [admin],
                                                 webhook: webhook)
        let anna = await emulator.newUser(firstName: "Анна")
        let update = WebhookEndToEndTests.update(id: 920_001, text: "/start", from: anna.id)

        try await application.test(.router) { client in
            // When an update arrives without the secret, with a wrong one, then with the right one
            let secretHeader = try #require(HTTPFields.Element.Name(WebhookIntake.secretHeader))
            let unsigned = try await client.execute(uri: "/telegram/webhook", method: .post, body: ByteBuffer(data: update))
            let forged = try await client.execute(uri: "/telegram/webhook", method: .post, headers: [secretHeader: "wrong"],
                                                  body: ByteBuffer(data: update))
            let signed = try await client.execute(uri: "/telegram/webhook", method: .post,
                                                  headers: [secretHeader: Self.secret], body: ByteBuffer(data: update))
            // Then only the signed one is applied, and the user is answered through the bot's one intake
            #expect(unsigned.status == .unauthorized)
            #expect(forged.status == .forbidden)
            #expect(signed.status == .ok)
            let replies = try await emulator.waitForMessages(in: anna.chatID, count: WebhookEndToEndTests.startReplies,
                                                             timeout: .seconds(30))
            #expect(replies.count == WebhookEndToEndTests.startReplies)

            // And the admin routes answer on the same server: health for anyone, metrics behind the token
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            let metrics = try await client.execute(uri: "/metrics", method: .get,
                                                   headers: [.authorization: "Bearer \(Self.adminToken)"])
            #expect(metrics.status == .ok)
            #expect(String(buffer: metrics.body).contains("sogreto_"))
            // And a path nobody installed is not found
            #expect(try await client.execute(uri: "/telegram/other", method: .post).status == .notFound)
        }
        await bot.stop()
        await emulator.shutdown()
    }
}

import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import Testing
@testable import TelegramEmulator
import TestSupport

/// A bot's webhook endpoint on 127.0.0.1:0 that records what it receives and fails on demand.
actor WebhookReceiver {
    private(set) var bodies: [JSONValue] = []
    private(set) var secrets: [String?] = []
    private var failuresLeft: Int

    init(failFirst: Int) {
        failuresLeft = failFirst
    }

    func receive(_ body: Data, secret: String?) -> HTTPResponse.Status {
        if failuresLeft > 0 {
            failuresLeft -= 1
            return .internalServerError
        }
        bodies.append(JSONValue.parse(body) ?? .null)
        secrets.append(secret)
        return .ok
    }

    /// Runs the endpoint for the duration of `body`.
    func serve<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        try await serveHook({ request in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let secret = request.headers.first { $0.name.canonicalName == "x-telegram-bot-api-secret-token" }?.value
            return Response(status: await self.receive(Data(buffer.readableBytesView), secret: secret))
        }, body)
    }
}

/// Serves `handle` as POST /hook on a loopback port for the duration of `body`, which gets its URL.
func serveHook<T: Sendable>(_ handle: @escaping @Sendable (Request) async throws -> Response,
                            _ body: @Sendable (URL) async throws -> T) async throws -> T {
    let router = Router()
    router.post("hook") { request, _ in try await handle(request) }
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
    let group = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
    let server = Task { try await group.run() }
    var port = 0
    for await first in ports { port = first; break }
    defer { server.cancel() }
    let result = try await body(URL(string: "http://127.0.0.1:\(port)/hook")!)
    await group.triggerGracefulShutdown()
    _ = await server.result
    return result
}

@Suite("Webhook delivery")
struct WebhookTests {
    @Test func updatesArePostedWithTheSecretAndRetriedAfterAFailure() async throws {
        let receiver = WebhookReceiver(failFirst: 1)
        try await receiver.serve { hookURL in
            try await withEmulator { emulator, client in
                // Given a webhook with a secret whose endpoint fails once
                let user = await emulator.newUser(firstName: "A")
                let set = try await client.json("setWebhook", [
                    "url": .string(hookURL.absoluteString), "secret_token": "sogreto_secret-1"])
                #expect(set.ok)

                // When the user writes
                await emulator.sendText("привет", from: user)

                // Then the update arrives after one retry (1 s later), with the secret, and is
                // confirmed; the wait ends as soon as it arrives, the bound only covers a loaded CI.
                _ = try await eventually(within: .seconds(30)) { await !receiver.bodies.isEmpty }
                #expect(await receiver.bodies.first?["message"]?["text"]?.stringValue == "привет")
                #expect(await receiver.secrets == ["sogreto_secret-1"])
                let info = try await client.json("getWebhookInfo")
                #expect(info.result?["pending_update_count"]?.int64Value == 0)
                #expect(info.result?["last_error_message"]?.stringValue == "Wrong response from the webhook: 500")
            }
        }
    }

    @Test func plainHTTPWebhooksOutsideLoopbackAreRefused() async throws {
        try await withEmulator { _, client in
            let reply = try await client.json("setWebhook", ["url": "http://example.com/hook"])
            #expect(reply.description == "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        }
    }
}

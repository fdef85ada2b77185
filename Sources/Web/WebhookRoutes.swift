public import Bot
public import Foundation
public import Hummingbird

/// Mounts the Telegram webhook on a Hummingbird router, so the same HTTP server (one
/// `SOGRETO_HTTP_PORT`) can also carry the admin API's routes.
///
/// ```swift
/// let router = Router()
/// WebhookRoutes.install(on: router, path: "/telegram/webhook", intake: intake)
/// // AdminRoutes.install(on: router, …)
/// let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
/// ```
public enum WebhookRoutes {
    /// Adds `POST path`: 401 without the secret header, 403 with a wrong one, 413 for a body over
    /// 1 MiB, otherwise 200 once the update is applied (see `WebhookIntake`).
    public static func install<Context: RequestContext>(on router: Router<Context>, path: String,
                                                        intake: WebhookIntake) {
        router.post(RouterPath(path)) { request, context -> Response in
            let secret = secretHeader.flatMap { request.headers[$0] }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: WebhookIntake.maxBodyBytes)
            } catch {
                return Response(status: .contentTooLarge)
            }
            let outcome = await intake.receive(body: Data(body.readableBytesView), secretToken: secret)
            return Response(status: .init(code: outcome.status))
        }
    }

    private static let secretHeader = HTTPFields.Element.Name(WebhookIntake.secretHeader)

    /// The router path for a webhook URL: its path, or `/` when it has none.
    public static func path(of url: URL) -> String {
        url.path.isEmpty ? "/" : url.path
    }
}

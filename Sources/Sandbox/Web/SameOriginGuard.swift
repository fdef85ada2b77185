import Hummingbird
import NIOConcurrencyHelpers

/// The sandbox has no login, so it answers only requests addressed to itself: the `Host` must
/// be its own address (or a loopback name) at its port, which stops DNS rebinding, and an
/// `Origin`, when the browser sends one, must be the sandbox's own page, so no other web page the
/// developer visits can drive it.
final class SameOriginGuard: Sendable {
    private let names: Set<String>
    private let port = NIOLockedValueBox<Int?>(nil)

    init(host: String) {
        var names: Set<String> = ["127.0.0.1", "localhost", "[::1]"]
        let bracketed = host.contains(":") ? "[\(host)]" : host
        if !["0.0.0.0", "[::]"].contains(bracketed) { names.insert(bracketed.lowercased()) }
        self.names = names
    }

    /// Called once the server listens (the port may have been chosen by the system).
    func listening(on port: Int) { self.port.withLockedValue { $0 = port } }

    func allows(authority: String?) -> Bool {
        guard let authority, let port = port.withLockedValue({ $0 }) else { return false }
        let lowered = authority.lowercased()
        return names.contains { lowered == "\($0):\(port)" || (port == 80 && lowered == $0) }
    }

    func allows(origin: String?) -> Bool {
        guard let origin else { return true } // navigations and same-origin GETs carry none
        guard origin.lowercased().hasPrefix("http://") else { return false }
        return allows(authority: String(origin.dropFirst("http://".count)))
    }
}

/// Applies `SameOriginGuard` to every request: 403 with a sentence otherwise.
struct SameOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let sameOrigin: SameOriginGuard

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard sameOrigin.allows(authority: request.head.authority) else {
            throw HTTPError(.forbidden, message: "The sandbox answers only requests addressed to its own address.")
        }
        guard sameOrigin.allows(origin: request.headers[.origin]) else {
            throw HTTPError(.forbidden, message: "The sandbox answers only its own page.")
        }
        return try await next(request, context)
    }
}

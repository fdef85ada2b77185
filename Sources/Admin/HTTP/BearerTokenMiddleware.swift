import Bot
import Hummingbird

/// Lets a request through only with `Authorization: Bearer <SOGRETO_ADMIN_TOKEN>`; answers 401
/// with a JSON error otherwise. The comparison takes the same time wherever the first wrong byte
/// is, so the token cannot be guessed byte by byte from response times.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let expected: [UInt8]

    init(token: Secret) {
        expected = Array(token.value.utf8)
    }

    func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], Self.matches(header, expected: expected) else {
            throw AdminError.unauthorized
        }
        return try await next(request, context)
    }

    static func matches(_ header: String, expected: [UInt8]) -> Bool {
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return false }
        let given = Array(header.utf8.dropFirst(prefix.utf8.count))
        return constantTimeEquals(given, expected)
    }

    /// Equal bytes, in time that depends only on the lengths (the expected length is not secret
    /// enough to matter: the configuration demands at least 16 characters).
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        let length = max(lhs.count, rhs.count)
        for index in 0..<length {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0 && lhs.count == rhs.count
    }
}

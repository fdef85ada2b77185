import Bot
import Hummingbird
import Logging

/// Keeps every error under `/admin/…`, `/metrics` and `/healthz` a JSON sentence: unknown paths,
/// wrong methods and unexpected failures (a database error's cause stays in the log, as
/// `ErrorSummary` words it). Other paths on the shared router (the webhook) are left alone.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/admin/") || path == "/metrics" || path == "/healthz" else {
            return try await next(request, context)
        }
        do {
            return try await next(request, context)
        } catch let error as AdminError {
            throw error
        } catch let error as any HTTPResponseError {
            // The framework's refusals (no such route, a body over the limit: NIOTooManyBytesError)
            // are the client's doing: a 4xx sentence, never a server error in the log.
            throw AdminError(error.status, Self.sentence(for: error.status))
        } catch {
            logger.error("admin request failed", metadata: ["error": "\(ErrorSummary.of(error))"])
            throw AdminError.storage("The request failed on the server; the log says which part.")
        }
    }

    static func sentence(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "There is no such admin endpoint."
        case .contentTooLarge: "The request body is larger than the \(AdminRoutes.maxBodyBytes / 1024) KB the admin API accepts."
        default: "The request was refused (\(status.code))."
        }
    }
}

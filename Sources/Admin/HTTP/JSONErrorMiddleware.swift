import Hummingbird
import Logging

/// Keeps every error under `/admin/…`, `/metrics` and `/healthz` a JSON sentence: unknown paths,
/// wrong methods and unexpected failures (a database error's details stay in the log, by type
/// only). Other paths on the shared router (the webhook) are left alone.
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
        } catch let error as HTTPError {
            throw AdminError(error.status, error.status == .notFound ? "There is no such admin endpoint."
                                                                     : "The request was refused (\(error.status.code)).")
        } catch {
            logger.error("admin request failed", metadata: ["error": "\(type(of: error))"])
            throw AdminError.storage("The request failed on the server; the log says which part.")
        }
    }
}

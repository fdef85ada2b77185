import Foundation
public import Hummingbird

/// Everything the admin API and `sogreto admin` refuse, as an HTTP status and one sentence.
/// Served as JSON `{"error": "…"}`; never carries a token or user text.
public struct AdminError: Error, CustomStringConvertible, HTTPResponseError {
    public let status: HTTPResponse.Status
    public let description: String

    public init(_ status: HTTPResponse.Status, _ description: String) {
        self.status = status
        self.description = description
    }

    static let unauthorized = AdminError(.unauthorized, "A valid bearer token is required (Authorization: Bearer …).")

    static func noSuchUser(_ id: Int64) -> AdminError {
        AdminError(.notFound, "There is no user \(id).")
    }

    static func badRequest(_ sentence: String) -> AdminError {
        AdminError(.badRequest, sentence)
    }

    public static func storage(_ sentence: String) -> AdminError {
        AdminError(.internalServerError, sentence)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(["error": description], status: status)
        if status == .unauthorized {
            response.headers[.wwwAuthenticate] = "Bearer"
        }
        return response
    }
}

import Foundation

/// A Bot API error reply: `{"ok":false,"error_code":…,"description":…,"parameters":…}` with
/// Telegram's wording. These are answers the emulator gives the bot, not failures of the emulator.
struct APIFailure: Error, Sendable, Equatable {
    var status: Int
    var description: String
    var retryAfter: Int?

    static func badRequest(_ reason: String) -> APIFailure {
        APIFailure(status: 400, description: "Bad Request: \(reason)")
    }

    static func entities(_ error: EntityParseError) -> APIFailure {
        badRequest("can't parse entities: \(error.reason)")
    }

    static let unauthorized = APIFailure(status: 401, description: "Unauthorized")
    static let notFound = APIFailure(status: 404, description: "Not Found")
    static let blocked = APIFailure(status: 403, description: "Forbidden: bot was blocked by the user")
    static let chatNotFound = badRequest("chat not found")
    static let wrongFile = badRequest("wrong file identifier/HTTP URL specified")
    /// A `file_id` the emulator never issued, worded as Telegram words it: ids that cannot be
    /// base64url are refused while decoding, well-formed ones (another bot's, or forgotten) as unknown.
    static func unknownFileID(_ text: String) -> APIFailure {
        let base64URL = text.utf8.allSatisfy { (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95 }
        if !base64URL { return badRequest("wrong remote file identifier specified: Wrong character in the string") }
        if text.utf8.count % 4 == 1 { return badRequest("wrong remote file identifier specified: Wrong string length") }
        return wrongFile
    }

    static let tooLarge = APIFailure(status: 413, description: "Request Entity Too Large")

    static func tooManyRequests(retryAfter: Int) -> APIFailure {
        APIFailure(status: 429, description: "Too Many Requests: retry after \(retryAfter)", retryAfter: retryAfter)
    }

    static func serverError(status: Int) -> APIFailure {
        let reason: String
        switch status {
        case 500: reason = "Internal Server Error"
        case 502: reason = "Bad Gateway"
        case 503: reason = "Service Unavailable"
        case 504: reason = "Gateway Timeout"
        default: reason = "Server Error"
        }
        return APIFailure(status: status, description: reason)
    }

    var body: Data {
        var json = #"{"ok":false,"error_code":\#(status),"description":"#
        json += JSONValue.string(description).serialized
        if let retryAfter { json += #","parameters":{"retry_after":\#(retryAfter)}"# }
        json += "}"
        return Data(json.utf8)
    }
}

import Foundation

/// A failed Bot API call. Descriptions never contain the token or request URLs.
public struct TelegramError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Telegram answered `ok: false`.
        case api(code: Int, description: String, retryAfter: Int?)
        /// The request did not complete: connection refused, reset, timed out.
        case transport(String)
        /// Telegram answered something that is not its envelope or not the expected result.
        case malformedResponse(String)
        /// A file exceeds the size Telegram allows for this operation.
        case fileTooBig(bytes: Int, limit: Int)
    }

    public var method: String
    /// Texts from outside (Telegram's description, a proxy's page) with bot tokens removed: a
    /// description may echo the request URL, which carries the token.
    public var kind: Kind

    public init(method: String, kind: Kind) {
        self.method = method
        self.kind = kind.redacted
    }

    public var errorCode: Int? {
        if case .api(let code, _, _) = kind { return code }
        return nil
    }

    public var retryAfter: Int? {
        if case .api(_, _, let retry) = kind { return retry }
        return nil
    }

    /// 403: the user blocked the bot, deleted their account, or the bot was kicked from the chat.
    public var isForbidden: Bool { errorCode == 403 }
    public var isTooManyRequests: Bool { errorCode == 429 }
    /// Worth trying again later: flood control, Telegram's own failures and network trouble.
    public var isTransient: Bool {
        switch kind {
        case .api(let code, _, _): return code == 429 || code >= 500
        case .transport: return true
        case .malformedResponse, .fileTooBig: return false
        }
    }

    /// Telegram does not know (or no longer accepts) a `file_id` we sent: another bot's id, a
    /// malformed one, or one of another file type. Uploading the file again is the remedy.
    public var isInvalidFileIdentifier: Bool {
        guard case .api(400, let text, _) = kind else { return false }
        let lowered = text.lowercased()
        return ["wrong file identifier", "wrong remote file identifier", "invalid file id",
                "can't use file of type", "type of file mismatch"].contains { lowered.contains($0) }
    }

    public var description: String {
        switch kind {
        case .api(let code, let text, let retry):
            let suffix = retry.map { " (retry after \($0) s)" } ?? ""
            return "Telegram refused \(method): \(code) \(text)\(suffix)"
        case .transport(let text):
            return "Telegram could not be reached for \(method): \(text)"
        case .malformedResponse(let text):
            return "Telegram's reply to \(method) was not understood: \(text)"
        case .fileTooBig(let bytes, let limit):
            return "The file for \(method) has \(bytes) bytes, more than Telegram's limit of \(limit)"
        }
    }
}

extension TelegramError.Kind {
    var redacted: Self {
        switch self {
        case .api(let code, let description, let retryAfter):
            return .api(code: code, description: TokenRedaction.redact(description), retryAfter: retryAfter)
        case .transport(let text): return .transport(TokenRedaction.redact(text))
        case .malformedResponse(let text): return .malformedResponse(TokenRedaction.redact(text))
        case .fileTooBig: return self
        }
    }
}

import Foundation

/// A failure to inject into the Bot API side, to test how the bot copes.
package indirect enum Fault: Sendable, Hashable {
    /// The next `count` requests (of `method`, or of any method when nil) get 429 with `retry_after`.
    case tooManyRequests(retryAfter: Int, method: String?, count: Int)
    /// Every request about `chatID` gets 403 "Forbidden: bot was blocked by the user" until cleared.
    case forbidden(chatID: Int64)
    /// The next `count` requests (of `method`, or any) get this HTTP status and nothing happens.
    case serverError(status: Int, method: String?, count: Int)
    /// The next `count` requests are answered only after `delay` (they still take effect).
    case slowReplies(delay: Duration, count: Int)
    /// The next `count` requests (of `method`, or any) lose their connection before any reply
    /// and take no effect.
    case dropConnection(method: String?, count: Int)
    /// The next `count` requests (of `method`, or any) get no answer: the connection stays
    /// silent for `closeAfter`, then closes. They take no effect, as a request lost on the way.
    case unanswered(method: String?, count: Int, closeAfter: Duration)
    /// Like `serverError`, with a description that echoes the request URL (token included), as
    /// some proxies' error pages do.
    case serverErrorEchoingURL(status: Int, method: String?, count: Int)
    /// `fault` applied only to requests about `chatID`: other chats are served as usual.
    case inChat(Int64, Fault)
}

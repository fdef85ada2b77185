public import Foundation

/// Where and how to reach an OpenAI-compatible chat-completions endpoint.
public struct VisionSettings: Sendable {
    /// The API base (e.g. https://api.openai.com/v1) or the full …/chat/completions URL.
    public var url: URL
    public var apiKey: String?
    public var model: String
    /// Per attempt.
    public var timeout: TimeInterval = 20
    /// Further attempts after a timeout, a network error, 429 or 5xx.
    var retries = 2
    /// The first retry waits this long, the next twice as long.
    var retryDelay: TimeInterval = 1

    public init(url: URL, apiKey: String?, model: String) {
        self.url = url
        self.apiKey = apiKey
        self.model = model
    }

    var endpoint: URL {
        url.path.hasSuffix("/chat/completions") ? url : url.appendingPathComponent("chat/completions")
    }
}

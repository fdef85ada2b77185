import Foundation

/// The Bot API, as the bot needs it.
public protocol TelegramClient: Sendable {
    func send<Method: TelegramMethod>(_ method: Method) async throws -> Method.Result
    /// Downloads a file found with getFile, refusing anything over `maxBytes`.
    func downloadFile(path: String, maxBytes: Int) async throws -> Data
}

extension TelegramClient {
    /// Telegram lets bots download files up to 20 MB.
    public func downloadFile(path: String) async throws -> Data {
        try await downloadFile(path: path, maxBytes: 20 * 1024 * 1024)
    }
}

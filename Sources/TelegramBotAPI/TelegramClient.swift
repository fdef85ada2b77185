public import Foundation

/// The Bot API, as the bot needs it.
public protocol TelegramClient: Sendable {
    func send<Method: TelegramMethod>(_ method: Method) async throws -> Method.Result
    /// Downloads a file found with getFile, refusing anything over `maxBytes`.
    func downloadFile(path: String, maxBytes: Int) async throws -> Data
    /// Downloads a file found with getFile into the new file `destination`, refusing anything
    /// over `maxBytes` (the file is then removed). Big photos go this way: a file on disk costs
    /// no memory while the upload waits for a media worker.
    func downloadFile(path: String, to destination: URL, maxBytes: Int) async throws
}

extension TelegramClient {
    /// Clients without a streaming download write the bytes they received.
    public func downloadFile(path: String, to destination: URL, maxBytes: Int) async throws {
        let data = try await downloadFile(path: path, maxBytes: maxBytes)
        do {
            try data.write(to: destination, options: .withoutOverwriting)
        } catch {
            throw TelegramError(method: "file download", kind: .transport("cannot write the downloaded file"))
        }
    }

    /// Telegram lets bots download files up to 20 MB.
    public func downloadFile(path: String) async throws -> Data {
        try await downloadFile(path: path, maxBytes: 20 * 1024 * 1024)
    }
}

import Foundation
import Hummingbird

/// Receives a file the web chat uploads: the body is written to a file chunk by chunk as it
/// arrives (refused with 413 once past the limit, or at once when Content-Length says so), then
/// handed on memory-mapped and unlinked, so an upload never sits whole in the server's memory.
struct UploadSpool: Sendable {
    let directory: URL

    func receive(_ request: Request, limit: Int) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw Self.tooLarge(limit)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: file.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: file) else {
            throw HTTPError(.internalServerError, message: "The sandbox cannot store the upload.")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        var received = 0
        do {
            defer { try? handle.close() }
            for try await chunk in request.body {
                received += chunk.readableBytes
                guard received <= limit else { throw Self.tooLarge(limit) }
                try handle.write(contentsOf: Data(chunk.readableBytesView))
            }
        }
        // Mapped, the bytes stay in the page cache and the file's inode lives on after the unlink.
        return try Data(contentsOf: file, options: .alwaysMapped)
    }

    private static func tooLarge(_ limit: Int) -> HTTPError {
        HTTPError(.contentTooLarge,
                  message: "Files larger than \(limit / 1024 / 1024) MB cannot reach the bot (Telegram's limit for bots).")
    }
}

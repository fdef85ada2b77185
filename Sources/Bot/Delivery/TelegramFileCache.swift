import BlobStore
import Foundation
import Logging

/// Turns `FileSource`s into Bot API file parameters, reusing Telegram's `file_id` for content it
/// already has: the first send of a `.blob` or `.stored` file uploads it (blobs read through the
/// blob store), and the id Telegram returns is kept
/// under the file's SHA-256 and the kind it was sent as in `telegram_files`; later sends of the
/// same bytes as the same kind pass that id.
struct TelegramFileCache: Sendable {
    let database: any Store
    let dataDirectory: URL
    let blobs: any BlobStore

    /// One file of a request, and what to remember about it once Telegram answers.
    struct PreparedFile: Sendable {
        var reference: InputFileReference
        /// The content's SHA-256 for `.stored` files; nil for ids given by the caller.
        var sha256: String?
        /// The cached id this request reuses, if it reuses one.
        var reusedID: String?
        var kind: TelegramFileKind

        var isUpload: Bool {
            if case .upload = reference { return true }
            return false
        }
    }

    /// The files of one request sent as `kind`; with `reuse` false, every stored file is uploaded.
    func prepare(_ sources: [FileSource], as kind: TelegramFileKind, reuse: Bool) async throws -> [PreparedFile] {
        var prepared: [PreparedFile] = []
        for source in sources {
            prepared.append(try await prepare(source, as: kind, reuse: reuse))
        }
        return prepared
    }

    private func prepare(_ source: FileSource, as kind: TelegramFileKind, reuse: Bool) async throws -> PreparedFile {
        switch source {
        case .telegram(let fileID):
            return PreparedFile(reference: .fileID(fileID), sha256: nil, reusedID: nil, kind: kind)
        case .blob(let name, let fileName):
            return try await prepare(name, fileName: fileName, as: kind, reuse: reuse)
        case .stored(let path, let fileName, let mimeType, let carried):
            // Messages queued by older versions name blobs by their path in the data directory.
            if let name = FolderBlobStore.name(forDataDirectoryPath: path) {
                return try await prepare(name, fileName: fileName, as: kind, reuse: reuse)
            }
            let url = resolve(path)
            var bytes: Data?
            let key: String
            if let carried {
                key = carried
            } else {
                let data = try Data(contentsOf: url)
                bytes = data
                key = BlobKey.of(data).hex
            }
            if reuse, let cached = try await database.telegramFileID(sha256: key, kind: kind) {
                return PreparedFile(reference: .fileID(cached), sha256: key, reusedID: cached, kind: kind)
            }
            let data = try bytes ?? Data(contentsOf: url)
            // Remember the upload under what is really sent: a carried checksum can be older than the file.
            let sent = bytes == nil ? BlobKey.of(data).hex : key
            return PreparedFile(reference: .upload(InputFile(fileName: fileName, mimeType: mimeType, data: data)),
                                sha256: sent, reusedID: nil, kind: kind)
        }
    }

    /// A blob's key is its checksum, so a cached id needs no read; an upload reads the blob
    /// (photos and PDFs, at most Telegram's 50 MB) through the store.
    private func prepare(_ name: BlobName, fileName: String, as kind: TelegramFileKind, reuse: Bool) async throws -> PreparedFile {
        let key = name.key.hex
        if reuse, let cached = try await database.telegramFileID(sha256: key, kind: kind) {
            return PreparedFile(reference: .fileID(cached), sha256: key, reusedID: cached, kind: kind)
        }
        let data = try await blobs.data(of: name)
        return PreparedFile(reference: .upload(InputFile(fileName: fileName, mimeType: name.format.mimeType, data: data)),
                            sha256: key, reusedID: nil, kind: kind)
    }

    /// Keeps the ids Telegram gave the uploads among `files`; `messages` are the sent messages, one
    /// per file in order (an album returns one message per item).
    func remember(_ files: [PreparedFile], sentAs messages: [Message], now: Date) async throws {
        for (file, message) in zip(files, messages) where file.isUpload {
            guard let sha256 = file.sha256, let fileID = message.sentFileID(as: file.kind) else { continue }
            try await database.rememberTelegramFile(sha256: sha256, kind: file.kind, fileID: fileID, now: now)
        }
    }

    /// Drops the cached ids a refused request reused.
    func forgetReused(_ files: [PreparedFile]) async throws {
        for file in files {
            guard let sha256 = file.sha256, let reused = file.reusedID else { continue }
            try await database.forgetTelegramFile(sha256: sha256, kind: file.kind, fileID: reused)
        }
    }

    /// Absolute paths are used as they are; others are relative to the data directory.
    func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : dataDirectory.appendingPathComponent(path)
    }
}

/// What Telegram files an upload as; the same bytes get a different `file_id` per kind.
public enum TelegramFileKind: String, Sendable, CaseIterable {
    case photo, document, audio
}

extension Message {
    /// The `file_id` of the file this message carries as `kind` (for a photo, its largest size);
    /// nil when Telegram filed it as something else.
    func sentFileID(as kind: TelegramFileKind) -> String? {
        switch kind {
        case .photo: return photo?.last?.fileID
        case .document: return document?.fileID
        case .audio: return audio?.fileID
        }
    }
}

public import Foundation

extension BlobStore {
    public func put(_ data: Data, format: BlobFormat) async throws -> StoredBlob {
        try await put(chunks: BlobChunks(data), format: format)
    }

    public func localFile(_ name: BlobName) -> URL? { nil }

    /// The blob's bytes in memory: only for blobs known to be small (a photo, a render).
    public func data(of name: BlobName) async throws -> Data {
        if let file = localFile(name) {
            do {
                return try Data(contentsOf: file)
            } catch {
                throw BlobStoreError.missing(name)
            }
        }
        return try await chunks(of: name).collect()
    }

    /// Every blob, page by page (for reports and collection, which visit the whole store).
    public func forEachEntry(_ body: ([BlobEntry]) async throws -> Void) async throws {
        var continuation: String?
        repeat {
            let page = try await list(after: continuation, limit: blobPageLimit)
            try await body(page.entries)
            continuation = page.continuation
        } while continuation != nil
    }

    /// Every blob in one array (listing pages until the last).
    public func allEntries() async throws -> [BlobEntry] {
        var all: [BlobEntry] = []
        try await forEachEntry { all += $0 }
        return all
    }

    /// Runs `body` with a local file per name, in order: the store's own file when it has one,
    /// otherwise a download into `scratch` that is removed afterwards.
    public func withLocalFiles<Result>(_ names: [BlobName], scratch: URL,
                                       _ body: ([URL]) async throws -> Result) async throws -> Result {
        var files: [URL] = []
        var downloads: [URL] = []
        defer { for file in downloads { try? FileManager.default.removeItem(at: file) } }
        for name in names {
            if let local = localFile(name) {
                files.append(local)
                continue
            }
            try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let target = scratch.appendingPathComponent("blob-\(UUID().uuidString).\(name.format.fileExtension)")
            downloads.append(target)
            try await get(name, to: target)
            files.append(target)
        }
        return try await body(files)
    }
}
